/**
 * Defines `key` of `target` as a value worked out when first read, then kept as a plain
 * property (enumerable, writable), so spreading, cloning or serializing the object reads
 * it like any other. When `compute` returns undefined the property is removed, as if it
 * had never been set. An existing property keeps its place in the key order.
 */
export function defineLazyField<T extends object, K extends keyof T>(
  target: T,
  key: K,
  compute: () => T[K] | undefined,
): void {
  const settle = (value: T[K] | undefined) => {
    if (value === undefined) delete target[key];
    else
      Object.defineProperty(target, key, {
        value,
        writable: true,
        enumerable: true,
        configurable: true,
      });
  };
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get() {
      const value = compute();
      settle(value);
      return value;
    },
    set: settle,
  });
}
