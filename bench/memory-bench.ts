/**
 * Memory held by a model: the growth of the heap (plus array buffers, where typed arrays
 * keep their data) between a collected heap before building it and a collected heap
 * after, while the model is still referenced.
 */

/** Bytes a built value holds. */
export interface HeldMemory {
  /** Growth of `heapUsed`. */
  heapBytes: number;
  /** Growth of `arrayBuffers` (typed array data lives outside the JavaScript heap). */
  arrayBufferBytes: number;
  /** The sum of both: what the ratios use. */
  totalBytes: number;
}

/** Whether the process can collect garbage on demand (node --expose-gc; npm run bench does). */
export const canMeasureMemory = typeof global.gc === 'function';

/**
 * Builds a value and measures the memory it holds once built. Temporaries that `build`
 * drops are collected before the second reading, so only what the value keeps counts.
 */
export function measureHeld<T>(build: () => T): { value: T; memory: HeldMemory } {
  const before = settledUsage();
  const value = build();
  const after = settledUsage();
  const heapBytes = after.heapUsed - before.heapUsed;
  const arrayBufferBytes = after.arrayBuffers - before.arrayBuffers;
  return {
    value,
    memory: { heapBytes, arrayBufferBytes, totalBytes: heapBytes + arrayBufferBytes },
  };
}

/**
 * Memory use once further collections stop freeing memory. Two collections were not
 * always enough: memory freed after the baseline (likely V8 dropping the bytecode of
 * functions not run lately) once made a small model's reading negative.
 */
function settledUsage(): NodeJS.MemoryUsage {
  let usage = process.memoryUsage();
  for (let i = 0; i < 12; i++) {
    global.gc!();
    const next = process.memoryUsage();
    const freed = usage.heapUsed - next.heapUsed;
    usage = next;
    if (i >= 3 && freed < 16_384) break;
  }
  return usage;
}
