import { createWriteStream, existsSync } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { once } from 'node:events';
import { mergeDocUpdates } from '../../shared/doc/index.ts';
import { expectPositionals, parseArgs } from './args.ts';
import { writeHeader, writeRoom, BACKUP_FORMAT, BACKUP_VERSION } from './backup-format.ts';
import { InputError } from './cli-error.ts';
import { formatNumber } from './format.ts';
import type { CliIo } from './cli-io.ts';
import { Progress } from './progress.ts';
import { cliLogger, openStoreReader } from './store-target.ts';
import { BACKUP_USAGE } from './usage.ts';

/**
 * `fulcrum backup <file>`: every room of the store (SQLite in `DATA_DIR`, or PostgreSQL at
 * `DATABASE_URL`) into one portable file (see backup-format.ts), read as of one moment even
 * while a relay runs. The file is written beside its final name and renamed when
 * complete, so a backup that fails never leaves a file that looks whole.
 */
export async function backupCommand(args: readonly string[], io: CliIo): Promise<string> {
  const parsed = parseArgs('backup', args, { force: 'flag' });
  if (parsed.help) return `Usage: ${BACKUP_USAGE}\n`;
  expectPositionals('backup', parsed, ['file'], BACKUP_USAGE);
  const file = resolve(parsed.positionals[0]);
  if (existsSync(file) && !parsed.flags.has('force')) {
    throw new InputError(
      `fulcrum backup: ${file} already exists; choose another name, or give --force to overwrite it`,
    );
  }
  if (!existsSync(dirname(file))) {
    throw new InputError(`fulcrum backup: the folder ${dirname(file)} does not exist`);
  }
  const logger = cliLogger(io.env, io.stderr);
  const started = performance.now();
  const createdAt = new Date().toISOString();
  const reader = await openStoreReader(io.env);
  const partial = join(dirname(file), `.${basename(file)}.${process.pid}.partial`);
  let rooms: string[];
  try {
    rooms = await reader.rooms();
    logger.info('backup.started', { store: reader.description, file, rooms: rooms.length });
    const out = createWriteStream(partial, { flags: 'wx' });
    const write = async (text: string) => {
      if (!out.write(text)) await once(out, 'drain');
    };
    const closed = once(out, 'close');
    try {
      await write(
        writeHeader({
          format: BACKUP_FORMAT,
          version: BACKUP_VERSION,
          createdAt,
          rooms: rooms.length,
          source: reader.kind,
        }),
      );
      const progress = new Progress('fulcrum backup', rooms.length, io.stderr);
      for (const [index, room] of rooms.entries()) {
        const stored = await reader.load(room);
        await write(
          writeRoom({ room, lastSeq: stored.lastSeq, update: mergeDocUpdates(stored.updates) }),
        );
        progress.report(index + 1);
      }
      out.end();
      await closed;
    } catch (error) {
      out.destroy();
      await rm(partial, { force: true });
      throw error;
    }
  } catch (error) {
    logger.error('backup.failed', {
      store: reader.description,
      file,
      error: error instanceof Error ? error.message : String(error),
    });
    throw error;
  } finally {
    await reader.close();
  }
  await rename(partial, file);
  const bytes = (await stat(file)).size;
  logger.info('backup.done', {
    store: reader.description,
    file,
    rooms: rooms.length,
    bytes,
    ms: Math.round(performance.now() - started),
  });
  return `Backed up ${formatNumber(rooms.length)} ${rooms.length === 1 ? 'room' : 'rooms'} (${formatBytes(bytes)}) from ${reader.description} to ${file}\n`;
}

/** `12.3 kB`, `4.5 MB`: sizes as a person reads them (1 kB = 1,000 bytes). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${formatNumber(bytes)} bytes`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${formatNumber(value, 1)} ${units[unit]}`;
}
