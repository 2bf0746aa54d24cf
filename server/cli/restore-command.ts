import { appendAttributed, RESTORE_VIA, serverAuthor } from '../storage/history.ts';
import { createReadStream, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { expectPositionals, parseArgs } from './args.ts';
import {
  BackupLineError,
  readHeader,
  readRoom,
  type BackupHeader,
  type BackupRoom,
} from './backup-format.ts';
import { InputError } from './cli-error.ts';
import { formatNumber } from './format.ts';
import type { CliIo } from './cli-io.ts';
import { Progress } from './progress.ts';
import { indexStoredCycles } from '../sync/cycle-index.ts';
import { cliLogger, openCatalogWriter, openStoreWriter, storeTarget } from './store-target.ts';
import { RESTORE_USAGE } from './usage.ts';

/** At most this many problems of a damaged file are listed. */
const MAX_PROBLEMS = 20;

/**
 * `fulcrum restore <file> [--replace]`: the rooms of a backup into the store (SQLite in
 * `DATA_DIR`, or PostgreSQL at `DATABASE_URL`), whichever store the backup came from.
 * The whole file is checked first (format, version, every line; problems name their
 * line) and nothing is written unless it is sound. A store that already holds one of the
 * backup's rooms is refused unless `--replace` is given; then each such room is replaced
 * whole. Each room is written as one appended update, compacted at once into the room's
 * snapshot. Rooms of the store that are not in the backup are left as they are. Restored
 * rooms missing from the cycle index are added to it, so the server admits them.
 */
export async function restoreCommand(args: readonly string[], io: CliIo): Promise<string> {
  const parsed = parseArgs('restore', args, { replace: 'flag' });
  if (parsed.help) return `Usage: ${RESTORE_USAGE}\n`;
  expectPositionals('restore', parsed, ['file'], RESTORE_USAGE);
  const file = resolve(parsed.positionals[0]);
  if (!existsSync(file)) throw new InputError(`fulcrum restore: no such file ${file}`);
  const replace = parsed.flags.has('replace');
  const target = storeTarget(io.env);
  const logger = cliLogger(io.env, io.stderr);
  const started = performance.now();

  const checked = await checkFile(file);
  logger.info('restore.started', {
    store: target.description,
    file,
    rooms: checked.rooms.length,
    replace,
  });
  const storage = await openStoreWriter(io.env);
  let replaced: string[];
  try {
    const backupRooms = new Set(checked.rooms);
    replaced = (await storage.rooms('')).filter((room) => backupRooms.has(room));
    if (replaced.length > 0 && !replace) {
      logger.info('restore.refused', {
        store: target.description,
        file,
        existing: replaced.length,
      });
      throw new InputError(
        `fulcrum restore: ${target.description} already holds ${formatNumber(replaced.length)} of the backup's rooms (${listRooms(replaced)}); nothing was written. Give --replace to overwrite them with the backup's state`,
      );
    }
    const progress = new Progress('fulcrum restore', checked.rooms.length, io.stderr);
    let done = 0;
    for await (const room of roomsOf(file)) {
      // History reads it as a restore: the state after it is the backup's alone.
      const seq = await appendAttributed(storage, room.room, room.update, {
        author: serverAuthor(RESTORE_VIA),
        connection: null,
        changes: [],
        changeCount: 0,
      });
      // The snapshot replaces everything up to it: the room is now exactly the backup's.
      await storage.compact(room.room, room.update, seq);
      progress.report(++done);
    }
    // The restored rooms become cycles the server admits (the index lists them).
    const catalog = await openCatalogWriter(io.env);
    try {
      await indexStoredCycles(storage, catalog, logger);
    } finally {
      await catalog.close();
    }
  } catch (error) {
    if (!(error instanceof InputError)) {
      logger.error('restore.failed', {
        store: target.description,
        file,
        error: error instanceof Error ? error.message : String(error),
      });
    }
    throw error;
  } finally {
    await storage.close();
  }
  const count = checked.rooms.length;
  logger.info('restore.done', {
    store: target.description,
    file,
    rooms: count,
    replaced: replaced.length,
    ms: Math.round(performance.now() - started),
  });
  const what = `${formatNumber(count)} ${count === 1 ? 'room' : 'rooms'}`;
  const replacedNote = replaced.length > 0 ? `, replacing ${formatNumber(replaced.length)}` : '';
  const list = count > 0 ? `: ${listRooms(checked.rooms)}` : '';
  return `Restored ${what} into ${target.description}${replacedNote} (backup of ${checked.header.createdAt}, from ${checked.header.source === 'sqlite' ? 'SQLite' : 'PostgreSQL'})${list}\n`;
}

/** Reads the whole file once: every problem (up to {@link MAX_PROBLEMS}) names its line. */
async function checkFile(file: string): Promise<{ header: BackupHeader; rooms: string[] }> {
  const problems: string[] = [];
  const firstLine = new Map<string, number>();
  let header: BackupHeader | null = null;
  let lines = 0;
  for await (const { text, line } of linesOf(file)) {
    lines = line;
    try {
      if (line === 1) {
        header = readHeader(text);
        continue;
      }
      if (header === null) break;
      const { room } = readRoom(text, line);
      const first = firstLine.get(room);
      if (first !== undefined) {
        throw new BackupLineError(line, `the room ${room} is already on line ${first}`);
      }
      firstLine.set(room, line);
    } catch (error) {
      if (!(error instanceof BackupLineError)) throw error;
      problems.push(`${file}: ${error.message}`);
      // Without a header nothing else can be read; past the limit, the list is long enough.
      if (line === 1 || problems.length >= MAX_PROBLEMS) break;
    }
  }
  if (lines === 0) problems.push(`${file}: line 1: the file is empty, expected a backup header`);
  if (header !== null && problems.length === 0 && firstLine.size !== header.rooms) {
    problems.push(
      `${file}: line ${lines + 1}: the header says ${formatNumber(header.rooms)} rooms but the file holds ${formatNumber(firstLine.size)}; it may be cut short`,
    );
  }
  if (problems.length > 0 || header === null) {
    throw new InputError([
      `fulcrum restore: ${file} is not a sound Fulcrum backup; nothing was written`,
      ...problems,
    ]);
  }
  return { header, rooms: [...firstLine.keys()] };
}

/** The rooms of an already checked file, one at a time. */
async function* roomsOf(file: string): AsyncGenerator<BackupRoom> {
  for await (const { text, line } of linesOf(file)) {
    if (line > 1) yield readRoom(text, line);
  }
}

/** Lines of the file with their numbers (from 1); a last empty line is no line. */
async function* linesOf(file: string): AsyncGenerator<{ text: string; line: number }> {
  const input = createInterface({
    input: createReadStream(file, { encoding: 'utf8' }),
    crlfDelay: Infinity,
  });
  let line = 0;
  for await (const text of input) {
    line++;
    yield { text, line };
  }
}

function listRooms(rooms: readonly string[]): string {
  const shown = rooms.slice(0, 10).join(', ');
  return rooms.length > 10 ? `${shown} and ${formatNumber(rooms.length - 10)} more` : shown;
}
