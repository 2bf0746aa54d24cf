/** How much the server logs: each level includes the ones after it. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** Extra fields of one log line; values must be JSON-serialisable. */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

/** One-line structured JSON logs: `{"time":...,"level":"info","event":"room.loaded",...}`. */
export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

/** The message of something thrown, for a log field or an error line. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** True for the names `LOG_LEVEL` accepts. */
export function isLogLevel(value: string): value is LogLevel {
  return Object.hasOwn(LEVELS, value);
}

/**
 * A logger writing one JSON object per line to `write` (stdout by default) for every
 * event at `level` or above. Never throws: a field that cannot be serialised is dropped.
 */
export function createLogger(
  level: LogLevel,
  write: (line: string) => void = (line) => process.stdout.write(line),
): Logger {
  const threshold = LEVELS[level];
  const emit = (eventLevel: Exclude<LogLevel, 'silent'>, event: string, fields?: LogFields) => {
    if (LEVELS[eventLevel] < threshold) return;
    let line: string;
    try {
      line = JSON.stringify({
        time: new Date().toISOString(),
        level: eventLevel,
        event,
        ...fields,
      });
    } catch {
      line = JSON.stringify({ time: new Date().toISOString(), level: eventLevel, event });
    }
    write(`${line}\n`);
  };
  return {
    debug: (event, fields) => emit('debug', event, fields),
    info: (event, fields) => emit('info', event, fields),
    warn: (event, fields) => emit('warn', event, fields),
    error: (event, fields) => emit('error', event, fields),
  };
}

/** A logger that writes nothing (tests). */
export const silentLogger: Logger = createLogger('silent');
