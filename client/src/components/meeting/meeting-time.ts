/**
 * Time in the meeting: elapsed time of the current item against its time box, and of the
 * meeting as a whole. Times come from the meeting state (ISO times written by the
 * facilitator's device) and this device's clock; a clock that runs behind the
 * facilitator's never shows a negative time.
 */

/** From this share of the time box on, the timer warns (amber). */
export const NEAR_END = 0.8;

/** `mm:ss`, or `h:mm:ss` from an hour on. */
export function clockText(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const ss = String(seconds).padStart(2, '0');
  return hours > 0
    ? `${hours}:${String(minutes).padStart(2, '0')}:${ss}`
    : `${String(minutes).padStart(2, '0')}:${ss}`;
}

/** `m:ss` (no leading zero), for the overrun: `+1:05 over`. */
export function shortClockText(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

/** A duration in words for assistive technology: `3 minutes 12 seconds`. */
export function spokenDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const parts: string[] = [];
  if (hours > 0) parts.push(`${hours} ${hours === 1 ? 'hour' : 'hours'}`);
  if (minutes > 0) parts.push(`${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`);
  if (seconds > 0 || parts.length === 0) {
    parts.push(`${seconds} ${seconds === 1 ? 'second' : 'seconds'}`);
  }
  return parts.join(' ');
}

/** How the current item stands against its time box. */
export interface ItemTiming {
  elapsedMs: number;
  boxMs: number;
  /** elapsed / box, capped at 1 for the progress bar. */
  progress: number;
  tone: 'ok' | 'near' | 'over';
  /** `03:12` */
  elapsed: string;
  /** `10:00` */
  box: string;
  /** `+1:05 over` when over the time box, else null. */
  over: string | null;
  /** The whole state in words. */
  spoken: string;
}

/** Elapsed time of an item started at `startedAt` (ISO) at `now` (ms), against its box. */
export function itemTiming(startedAt: string | null, boxMinutes: number, now: number): ItemTiming {
  const started = startedAt ? Date.parse(startedAt) : NaN;
  const elapsedMs = Number.isFinite(started) ? Math.max(0, now - started) : 0;
  const boxMs = boxMinutes * 60_000;
  const ratio = boxMs > 0 ? elapsedMs / boxMs : 0;
  const isOver = elapsedMs > boxMs;
  const overMs = elapsedMs - boxMs;
  const tone = isOver ? 'over' : ratio >= NEAR_END ? 'near' : 'ok';
  const spokenBox = spokenDuration(boxMs);
  return {
    elapsedMs,
    boxMs,
    progress: Math.min(1, ratio),
    tone,
    elapsed: clockText(elapsedMs),
    box: clockText(boxMs),
    over: isOver ? `+${shortClockText(overMs)} over` : null,
    spoken: isOver
      ? `${spokenDuration(elapsedMs)} elapsed, ${spokenDuration(overMs)} over the time box of ${spokenBox}`
      : `${spokenDuration(elapsedMs)} elapsed of ${spokenBox}${tone === 'near' ? ', nearly over' : ''}`,
  };
}

/** Elapsed time since an ISO time, never negative. */
export function elapsedSince(startedAt: string | null, now: number): number {
  const started = startedAt ? Date.parse(startedAt) : NaN;
  return Number.isFinite(started) ? Math.max(0, now - started) : 0;
}
