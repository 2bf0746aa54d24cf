import type { Storage, StoredRoom } from './storage.ts';

interface MemoryRoom {
  snapshot: { seq: number; data: Uint8Array } | null;
  updates: { seq: number; data: Uint8Array }[];
  lastSeq: number;
}

/** Storage in this process's memory, for tests: the same contract, nothing durable. */
export class MemoryStorage implements Storage {
  #rooms = new Map<string, MemoryRoom>();
  #closed = false;

  async load(room: string): Promise<StoredRoom> {
    this.#check();
    const stored = this.#rooms.get(room);
    if (!stored) return { updates: [], lastSeq: 0 };
    const updates = stored.updates.map((entry) => entry.data.slice());
    if (stored.snapshot) updates.unshift(stored.snapshot.data.slice());
    return { updates, lastSeq: stored.lastSeq };
  }

  async append(room: string, update: Uint8Array): Promise<number> {
    this.#check();
    let stored = this.#rooms.get(room);
    if (!stored) {
      stored = { snapshot: null, updates: [], lastSeq: 0 };
      this.#rooms.set(room, stored);
    }
    const seq = ++stored.lastSeq;
    // A copy: the caller may reuse its buffer.
    stored.updates.push({ seq, data: update.slice() });
    return seq;
  }

  async compact(room: string, snapshot: Uint8Array, upToSeq: number): Promise<void> {
    this.#check();
    let stored = this.#rooms.get(room);
    if (!stored) {
      stored = { snapshot: null, updates: [], lastSeq: 0 };
      this.#rooms.set(room, stored);
    }
    // An older snapshot never replaces a newer one.
    if (stored.snapshot && stored.snapshot.seq > upToSeq) return;
    stored.snapshot = { seq: upToSeq, data: snapshot.slice() };
    stored.updates = stored.updates.filter((entry) => entry.seq > upToSeq);
    stored.lastSeq = Math.max(stored.lastSeq, upToSeq);
  }

  async rooms(prefix: string): Promise<string[]> {
    this.#check();
    const names: string[] = [];
    for (const [name, stored] of this.#rooms) {
      if (name.startsWith(prefix) && (stored.snapshot || stored.updates.length > 0)) {
        names.push(name);
      }
    }
    return names.sort();
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  #check(): void {
    if (this.#closed) throw new Error('The storage is closed');
  }
}
