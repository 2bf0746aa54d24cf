import { createHash } from 'node:crypto';
import * as v from 'valibot';
import { applyDocUpdate, createCycleDoc } from '../../shared/doc/index.ts';

/**
 * The backup file: JSON lines, portable between stores (SQLite and PostgreSQL). Line 1 is
 * the header; then one line per room, sorted by name, holding the room's whole state as
 * one merged Yjs update (base64) and that update's SHA-256, so a damaged line is caught:
 *
 * ```
 * {"format":"fulcrum.backup","version":1,"createdAt":"2026-12-01T09:00:00.000Z","rooms":2,"source":"sqlite"}
 * {"room":"acme/2026-12","lastSeq":1234,"update":"<base64>","sha256":"<hex>"}
 * {"room":"acme/2027-01","lastSeq":17,"update":"<base64>","sha256":"<hex>"}
 * ```
 */
export const BACKUP_FORMAT = 'fulcrum.backup';

/** The version this program writes and reads. */
export const BACKUP_VERSION = 1;

/** Line 1 of a backup file. */
export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  /** When the store was read (ISO 8601, UTC). */
  createdAt: string;
  /** How many room lines follow. */
  rooms: number;
  /** The kind of store the rooms were read from. */
  source: 'sqlite' | 'postgresql';
}

/** One room of a backup file. */
export interface BackupRoom {
  room: string;
  /** The room's last sequence number in the store it was read from (for reference). */
  lastSeq: number;
  /** The room's whole state, one Yjs update. */
  update: Uint8Array;
}

const headerSchema = v.strictObject({
  format: v.literal(BACKUP_FORMAT, `"format" must be "${BACKUP_FORMAT}"`),
  version: v.literal(
    BACKUP_VERSION,
    `"version" must be ${BACKUP_VERSION}; this file is from another version of Fulcrum`,
  ),
  createdAt: v.pipe(
    v.string('"createdAt" must be text'),
    v.isoTimestamp('"createdAt" must be an ISO date and time'),
  ),
  rooms: v.pipe(
    v.number('"rooms" must be a number'),
    v.integer('"rooms" must be a whole number'),
    v.minValue(0, '"rooms" must be at least 0'),
  ),
  source: v.picklist(['sqlite', 'postgresql'], '"source" must be sqlite or postgresql'),
});

/** A room name any store can hold: text without NUL or an unpaired surrogate. */
const roomName = v.pipe(
  v.string('"room" must be text'),
  v.minLength(1, '"room" must not be empty'),
  v.maxLength(1000, '"room" must be at most 1000 characters'),
  v.check(
    (name) => !name.includes('\u0000') && !/\p{Cs}/u.test(name),
    '"room" holds a character no store can keep',
  ),
);

const roomSchema = v.strictObject({
  room: roomName,
  lastSeq: v.pipe(
    v.number('"lastSeq" must be a number'),
    v.integer('"lastSeq" must be a whole number'),
    v.minValue(0, '"lastSeq" must be at least 0'),
  ),
  update: v.pipe(
    v.string('"update" must be base64 text'),
    v.regex(
      /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/,
      '"update" is not valid base64',
    ),
  ),
  sha256: v.pipe(
    v.string('"sha256" must be text'),
    v.regex(/^[0-9a-f]{64}$/, '"sha256" must be 64 lowercase hexadecimal digits'),
  ),
});

/** A line of a backup file that is not what it must be; the message says which line and why. */
export class BackupLineError extends Error {
  override name = 'BackupLineError';
  readonly line: number;
  constructor(line: number, problem: string) {
    super(`line ${line}: ${problem}`);
    this.line = line;
  }
}

/** The header line. */
export function writeHeader(header: BackupHeader): string {
  return `${JSON.stringify(header)}\n`;
}

/** One room's line. */
export function writeRoom(room: BackupRoom): string {
  const update = Buffer.from(room.update.buffer, room.update.byteOffset, room.update.byteLength);
  return `${JSON.stringify({
    room: room.room,
    lastSeq: room.lastSeq,
    update: update.toString('base64'),
    sha256: sha256(update),
  })}\n`;
}

/** Reads line 1; throws a {@link BackupLineError} when it is not a backup header of this version. */
export function readHeader(text: string): BackupHeader {
  const value = parseJson(text, 1);
  if (
    typeof value === 'object' &&
    value !== null &&
    (value as { format?: unknown }).format !== BACKUP_FORMAT
  ) {
    throw new BackupLineError(1, `not a Fulcrum backup (expected "format":"${BACKUP_FORMAT}")`);
  }
  const result = v.safeParse(headerSchema, value);
  if (!result.success) throw new BackupLineError(1, issuesOf(result.issues));
  return result.output as BackupHeader;
}

/**
 * Reads the room on line `line`, checking that its update decodes and applies to an empty
 * document. Throws a {@link BackupLineError} naming the line and the room.
 */
export function readRoom(text: string, line: number): BackupRoom {
  const result = v.safeParse(roomSchema, parseJson(text, line));
  if (!result.success) throw new BackupLineError(line, issuesOf(result.issues));
  const { room, lastSeq } = result.output;
  const bytes = Buffer.from(result.output.update, 'base64');
  if (sha256(bytes) !== result.output.sha256) {
    throw new BackupLineError(
      line,
      `the state of ${room} does not match its checksum: the file is damaged`,
    );
  }
  const update = new Uint8Array(bytes);
  const doc = createCycleDoc();
  try {
    applyDocUpdate(doc, update, 'backup');
  } catch (error) {
    throw new BackupLineError(
      line,
      `the state of ${room} is not a valid document update (${error instanceof Error ? error.message : String(error)})`,
    );
  } finally {
    doc.destroy();
  }
  return { room, lastSeq, update };
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function parseJson(text: string, line: number): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new BackupLineError(
      line,
      `not valid JSON (${reason}); the file may be damaged or cut short`,
    );
  }
}

function issuesOf(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .map((issue) => {
      const key = issue.path?.map((item) => String(item.key)).join('.');
      // A key the schema does not know: say which.
      if (issue.type === 'strict_object' && key) return `unknown field "${key}"`;
      if (issue.received === 'undefined' && key) return `"${key}" is missing`;
      return issue.message;
    })
    .join('; ');
}
