import { loadSecret, SecretError } from '../auth/secret.ts';
import { INVITE_ID_PATTERN, verifyInvite } from '../auth/tokens.ts';
import { expectPositionals, parseArgs } from './args.ts';
import { InputError } from './cli-error.ts';
import type { CliIo } from './cli-io.ts';
import { dataFolder } from './room-doc.ts';
import { openCatalogWriter, storeTarget } from './store-target.ts';
import { REVOKE_USAGE } from './usage.ts';

/** The longest note a revocation keeps. */
const MAX_NOTE = 500;

/**
 * `fulcrum revoke <invite-id | join link | token> [--note TEXT]`: revokes one invite in
 * the store the server reads (SQLite in `DATA_DIR`, or PostgreSQL at `DATABASE_URL`).
 * Every relay on that store reads it within a second: the invite's open connections
 * close (4403, "this invite was revoked") and its link no longer works, for the sync
 * socket and the API alike. A join link or token is checked against the workspace
 * secret first, so a link this server never issued is refused, not silently recorded.
 */
export async function revokeCommand(
  args: readonly string[],
  io: CliIo,
  now: number = Date.now(),
): Promise<string> {
  // An id made before ids began with a letter or digit may start with "-": a word that
  // is exactly such an id is the id, not an option.
  const dashedIds = args.filter((arg) => /^-[A-Za-z0-9_-]{11}$/.test(arg) && !arg.startsWith('--'));
  const parsed = parseArgs(
    'revoke',
    args.filter((arg) => !dashedIds.includes(arg)),
    { note: 'value' },
  );
  parsed.positionals.push(...dashedIds);
  if (parsed.help) return `Usage: ${REVOKE_USAGE}\n`;
  expectPositionals('revoke', parsed, ['invite-id'], REVOKE_USAGE);
  const inviteId = await readInviteId(parsed.positionals[0], io.env);
  const note = parsed.values.get('note')?.trim() || null;
  if (note !== null && note.length > MAX_NOTE) {
    throw new InputError(`fulcrum revoke: --note must be at most ${MAX_NOTE} characters`);
  }
  const target = storeTarget(io.env);
  const catalog = await openCatalogWriter(io.env);
  try {
    const added = await catalog.revoke({ inviteId, revokedAt: now, note });
    if (!added) {
      const earlier = await catalog.revocation(inviteId);
      const when = earlier ? new Date(earlier.revokedAt).toISOString() : 'earlier';
      return `Invite ${inviteId} was already revoked (${when}); nothing changed.\n`;
    }
    return (
      `Revoked invite ${inviteId} in ${target.description}` +
      `${note ? ` (note: ${note})` : ''}.\n` +
      'Its link no longer works; servers on this store close its open connections within a second.\n'
    );
  } finally {
    await catalog.close();
  }
}

/** The invite id of an argument: an id as `fulcrum invite` printed it, a join link or a token. */
async function readInviteId(
  given: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<string> {
  const text = given.trim();
  if (INVITE_ID_PATTERN.test(text)) return text;
  let token = text;
  try {
    token = new URL(text).searchParams.get('token') ?? text;
  } catch {
    // Not a link: maybe the token itself.
  }
  if (!token.includes('.')) {
    throw new InputError(
      `fulcrum revoke: "${text}" is not an invite id: give the 12-character id fulcrum invite printed (letters, digits, "-" and "_"), or the join link`,
    );
  }
  let secret: string;
  try {
    secret = await loadSecret(dataFolder(env), env);
  } catch (error) {
    if (error instanceof SecretError) throw new InputError(`fulcrum revoke: ${error.message}`);
    throw error;
  }
  // An expired link may still be revoked: only its signature and shape matter here.
  const check = verifyInvite(secret, token, 0);
  if (!check.ok) {
    const why =
      check.problem === 'bad-signature'
        ? 'it was not issued by this server (another secret signed it)'
        : 'it is not a valid invite';
    throw new InputError(`fulcrum revoke: cannot revoke that link: ${why}`);
  }
  return check.invite.id;
}
