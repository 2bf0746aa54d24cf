import {
  docFromUpdates,
  readClosure,
  readCycleInfo,
  type CycleDoc,
} from '../../shared/doc/index.ts';
import { NAME_PATTERN } from '../auth/tokens.ts';
import { errorMessage, type Logger } from '../log.ts';
import type { Catalog, CycleEntry } from '../storage/catalog.ts';
import type { Storage } from '../storage/storage.ts';

/** What the index keeps of a cycle's document: its title and when it was closed. */
export interface CycleState {
  title: string;
  closedAt: string | null;
}

/** The title and closing time of a cycle document: two map reads. */
export function cycleStateOf(doc: CycleDoc): CycleState {
  return { title: readCycleInfo(doc).title.trim(), closedAt: readClosure(doc)?.closedAt ?? null };
}

/** A room to read a cycle's state from, in turn with its frames (a {@link Room}). */
export interface ReadableRoom {
  readonly name: string;
  read<T>(read: (doc: CycleDoc) => T): Promise<T>;
}

/** How long after a document update the index reads the room's title and closure. */
export const INDEX_DELAY_MS = 1000;

/**
 * The relay's view of the cycle index (see {@link Catalog}): whether a cycle exists (a
 * cycle once created is never removed, so known ones are remembered), creating one, and
 * keeping each entry's title and closing time current as people edit. After a document
 * update to a room it waits {@link INDEX_DELAY_MS}, reads the title and closure (two map
 * reads, in turn with the room's frames) and writes the entry only when they changed, so
 * a burst of edits costs one read and, mostly, no write.
 */
export class CycleIndex {
  readonly catalog: Catalog;
  #logger: Logger;
  /** Rooms known to exist, with the state last written for them (null: not read yet). */
  #known = new Map<string, CycleState | null>();
  #timers = new Map<string, NodeJS.Timeout>();

  constructor(catalog: Catalog, logger: Logger) {
    this.catalog = catalog;
    this.#logger = logger;
  }

  /** True when the server created `<workspace>/<cycle>`. */
  async exists(workspace: string, cycle: string): Promise<boolean> {
    const room = `${workspace}/${cycle}`;
    if (this.#known.has(room)) return true;
    const entry = await this.catalog.cycle(workspace, cycle);
    if (entry === null) return false;
    this.#known.set(room, { title: entry.title, closedAt: entry.closedAt });
    return true;
  }

  /** Adds a cycle; false when it already exists. */
  async create(workspace: string, cycle: string, state: CycleState): Promise<boolean> {
    const added = await this.catalog.addCycle({
      workspace,
      cycle,
      title: state.title,
      closedAt: state.closedAt,
      createdAt: Date.now(),
    });
    if (added) this.#known.set(`${workspace}/${cycle}`, { ...state });
    return added;
  }

  /** A document update reached `room`: its title or closure may have changed. */
  touched(room: ReadableRoom): void {
    if (this.#timers.has(room.name)) return;
    const timer = setTimeout(() => {
      this.#timers.delete(room.name);
      void this.refresh(room);
    }, INDEX_DELAY_MS);
    timer.unref();
    this.#timers.set(room.name, timer);
  }

  /** Reads the room's title and closure now and writes them when they changed. */
  async refresh(room: ReadableRoom): Promise<void> {
    const slash = room.name.indexOf('/');
    const workspace = room.name.slice(0, slash);
    const cycle = room.name.slice(slash + 1);
    try {
      const state = await room.read(cycleStateOf);
      const last = this.#known.get(room.name);
      if (last && last.title === state.title && last.closedAt === state.closedAt) return;
      await this.catalog.updateCycle(workspace, cycle, state);
      this.#known.set(room.name, state);
    } catch (error) {
      // A room closing meanwhile: its next update (or the next start) tries again.
      this.#logger.warn('cycles.index-not-updated', {
        room: room.name,
        error: errorMessage(error),
      });
    }
  }

  /** Runs the pending read of `room` now, if one waits (before the room unloads). */
  async flush(room: ReadableRoom): Promise<void> {
    const timer = this.#timers.get(room.name);
    if (!timer) return;
    clearTimeout(timer);
    this.#timers.delete(room.name);
    await this.refresh(room);
  }

  /** Stops the pending reads (at shutdown, once every room has flushed its own). */
  close(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }
}

/**
 * Adds to the index every stored room that is a cycle (`<workspace>/<cycle>`, valid
 * names) and is missing from it: a data folder from before the index, or rooms a
 * restore brought. Only the missing ones are loaded, one at a time. Returns how many
 * were added.
 */
export async function indexStoredCycles(
  storage: Storage,
  catalog: Catalog,
  logger: Logger,
): Promise<number> {
  const indexed = new Set(await catalog.roomNames());
  let added = 0;
  for (const room of await storage.rooms('')) {
    if (indexed.has(room)) continue;
    const [workspace, cycle, ...rest] = room.split('/');
    if (rest.length > 0 || !NAME_PATTERN.test(workspace) || !NAME_PATTERN.test(cycle ?? '')) {
      continue;
    }
    let state: CycleState = { title: '', closedAt: null };
    let doc: CycleDoc | undefined;
    try {
      doc = docFromUpdates((await storage.load(room)).updates);
      state = cycleStateOf(doc);
    } catch (error) {
      // Listed by name; the room reports its damage when someone opens it.
      logger.warn('cycles.title-unreadable', { room, error: errorMessage(error) });
    } finally {
      doc?.destroy();
    }
    const entry: CycleEntry = { workspace, cycle, ...state, createdAt: Date.now() };
    if (await catalog.addCycle(entry)) added++;
  }
  if (added > 0) logger.info('cycles.indexed', { added });
  return added;
}
