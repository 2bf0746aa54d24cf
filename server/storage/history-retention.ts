import { errorMessage, type Logger } from '../log.ts';
import { isHistoryStore } from './history.ts';
import type { Storage } from './storage.ts';

/** How long history keeps every change unless `HISTORY_RETENTION_DAYS` says otherwise. */
export const DEFAULT_RETENTION_DAYS = 180;

/** Trimming runs at most this often per process (and once at start). */
export const TRIM_EVERY_MS = 24 * 60 * 60 * 1000;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * `HISTORY_RETENTION_DAYS`: whole days history keeps every change (0: forever); the
 * default when unset. Throws a sentence naming the setting for anything else.
 */
export function retentionDaysFrom(env: Readonly<Record<string, string | undefined>>): number {
  const text = env.HISTORY_RETENTION_DAYS?.trim();
  if (!text) return DEFAULT_RETENTION_DAYS;
  const days = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(days)) {
    throw new Error(
      `HISTORY_RETENTION_DAYS must be a whole number of days (0 keeps history forever), got "${text}"`,
    );
  }
  return days;
}

/** The retention in words: "180 days", "1 day", "forever". */
export function retentionWords(days: number): string {
  if (days === 0) return 'forever';
  return days === 1 ? '1 day' : `${days} days`;
}

/** Entries stored before this time (ISO) are folded away; null when history is kept forever. */
export function retentionCutoff(days: number, now = Date.now()): string | null {
  return days === 0 ? null : new Date(now - days * DAY_MS).toISOString();
}

/**
 * Trims the store's history once at start and then once a day: entries older than the
 * retention window are folded into each room's base (see `HistoryStore.trimHistory`).
 * Never on the relay's path: a timer of its own, which never keeps the process alive.
 */
export class HistoryTrimmer {
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;

  constructor(
    private readonly storage: Storage,
    private readonly days: number,
    private readonly logger: Logger,
  ) {}

  /** Trims now (in the background) and every {@link TRIM_EVERY_MS} after; nothing when kept forever. */
  start(): void {
    if (this.days === 0 || !isHistoryStore(this.storage) || this.#timer) return;
    this.#timer = setInterval(() => void this.trim(), TRIM_EVERY_MS);
    this.#timer.unref();
    void this.trim();
  }

  /** One trim; a trim already under way is waited for instead. */
  trim(): Promise<void> {
    this.#running ??= this.#trim().finally(() => (this.#running = null));
    return this.#running;
  }

  /** Stops the timer and waits for a trim under way. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#running;
  }

  async #trim(): Promise<void> {
    const cutoff = retentionCutoff(this.days);
    if (cutoff === null || !isHistoryStore(this.storage)) return;
    const started = performance.now();
    try {
      const result = await this.storage.trimHistory(cutoff);
      this.logger.info('history.trimmed', {
        cutoff,
        rooms: result.rooms,
        entries: result.entries,
        ms: Math.round(performance.now() - started),
      });
      if (result.failed.length > 0) {
        this.logger.warn('history.trim-skipped', { rooms: result.failed.slice(0, 20).join(', ') });
      }
    } catch (error) {
      // Nothing is lost: the entries stay until the next trim.
      this.logger.error('history.trim-failed', { error: errorMessage(error) });
    }
  }
}
