import type { Logger } from '../log.ts';
import type { Storage } from '../storage/storage.ts';
import { CLOSE } from './protocol.ts';
import type { Fanout } from './fanout.ts';
import { Room, type RoomLimits } from './room.ts';

/** Settings of the rooms. */
export interface RoomRegistryOptions {
  storage: Storage;
  logger: Logger;
  /** Compact a room's log into a snapshot after this many updates. */
  compactEvery: number;
  /** Unload a room this many milliseconds after its last peer left. */
  unloadDelayMs: number;
  /** The other relay processes sharing the store; none for one process. */
  fanout?: Fanout;
  /** Bytes per update and per room; none: unlimited. */
  limits?: RoomLimits;
  /** Runs before a room is unloaded or closed at shutdown, while it can still be read. */
  beforeClose?: (room: Room) => Promise<void>;
}

/**
 * The loaded rooms: one {@link Room} per name, created (and loaded from storage) on first
 * use and unloaded `unloadDelayMs` after it became idle, unless someone came back.
 */
export class RoomRegistry {
  #options: RoomRegistryOptions;
  #rooms = new Map<string, Room>();
  #unloadTimers = new Map<Room, NodeJS.Timeout>();
  #closing: Promise<void> | null = null;
  #stillClosing = new Set<string>();

  constructor(options: RoomRegistryOptions) {
    this.#options = options;
  }

  /** Number of loaded rooms. */
  get size(): number {
    return this.#rooms.size;
  }

  /** True when the room is loaded (or loading). */
  has(name: string): boolean {
    return this.#rooms.has(name);
  }

  /** The room called `name`, loading it when needed. Throws once the registry is closing. */
  get(name: string): Room {
    if (this.#closing) throw new Error('The relay is shutting down');
    let room = this.#rooms.get(name);
    if (!room || room.isClosed) {
      room = new Room(name, {
        storage: this.#options.storage,
        logger: this.#options.logger,
        compactEvery: this.#options.compactEvery,
        fanout: this.#options.fanout,
        limits: this.#options.limits,
        onEmpty: (idle) => this.#onEmpty(idle),
      });
      this.#rooms.set(name, room);
    }
    this.#cancelUnload(room);
    return room;
  }

  /**
   * Closes every room at shutdown: each handles and stores its queued frames, writes a
   * snapshot of what changed, then closes its peers with `code` (1012, Service Restart,
   * unless told otherwise). {@link closingRooms} names the rooms not done yet.
   */
  close(code: number = CLOSE.serviceRestart, reason = 'the server is restarting'): Promise<void> {
    this.#closing ??= (async () => {
      for (const timer of this.#unloadTimers.values()) clearTimeout(timer);
      this.#unloadTimers.clear();
      const rooms = [...this.#rooms.values()];
      this.#rooms.clear();
      for (const room of rooms) this.#stillClosing.add(room.name);
      await Promise.all(
        rooms.map(async (room) => {
          await this.#beforeClose(room);
          await room.close(code, reason);
          this.#stillClosing.delete(room.name);
        }),
      );
    })();
    return this.#closing;
  }

  /** During {@link close}: the rooms still storing their frames or writing their snapshot. */
  get closingRooms(): string[] {
    return [...this.#stillClosing].sort();
  }

  #onEmpty(room: Room): void {
    if (room.isClosed) {
      // A room whose storage failed: forget it, the next peer loads it afresh.
      if (this.#rooms.get(room.name) === room) this.#rooms.delete(room.name);
      this.#cancelUnload(room);
      return;
    }
    if (this.#closing || this.#unloadTimers.has(room)) return;
    const timer = setTimeout(() => {
      this.#unloadTimers.delete(room);
      if (!room.isIdle || this.#rooms.get(room.name) !== room) return;
      // Removed at once, so a peer arriving during the final snapshot gets a fresh room;
      // storage's compaction is atomic, so that room loads a complete log either way.
      this.#rooms.delete(room.name);
      (async () => {
        await this.#beforeClose(room);
        await room.close();
      })().catch((error: unknown) => {
        this.#options.logger.error('room.unload-failed', {
          room: room.name,
          error: error instanceof Error ? error.message : String(error),
        });
      });
    }, this.#options.unloadDelayMs);
    timer.unref();
    this.#unloadTimers.set(room, timer);
  }

  async #beforeClose(room: Room): Promise<void> {
    try {
      await this.#options.beforeClose?.(room);
    } catch (error) {
      this.#options.logger.warn('room.before-close-failed', {
        room: room.name,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  #cancelUnload(room: Room): void {
    const timer = this.#unloadTimers.get(room);
    if (timer) {
      clearTimeout(timer);
      this.#unloadTimers.delete(room);
    }
  }
}
