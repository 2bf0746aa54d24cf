import { resolve } from 'node:path';
import { loadSecret, SecretError } from '../auth/secret.ts';
import { PeopleDirectory } from '../auth/people.ts';
import { newInviteId } from '../auth/tokens.ts';
import { isRole, ROLES, type SopFunction } from '../../shared/policy/roles.ts';
import { FUNCTIONS } from '../../shared/schema/records.ts';
import { DEMO_WORKSPACE_ID } from '../demo-workspace.ts';
import { inviteUrl } from '../invite-url.ts';
import { expectPositionals, integerOption, parseArgs } from './args.ts';
import { InputError } from './cli-error.ts';
import { INVITE_OPTIONS, INVITE_USAGE } from './usage.ts';

/** How long an invite is valid unless `--days` says otherwise. */
export const DEFAULT_INVITE_DAYS = 7;

/**
 * `fulcrum invite --role R --name N [--function F ...] [--workspace W] [--days D] [--url U]`:
 * prints a join link signed with the workspace secret, read the way the server reads it
 * (`FULCRUM_SECRET`, else `<DATA_DIR>/secret`, generated when missing), then the invite's
 * id, which `fulcrum revoke` takes. `--function` may be repeated or given as a comma list.
 * The person is recorded among the workspace's people (`<DATA_DIR>/workspaces/<w>/people.json`).
 */
export async function inviteCommand(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  now: number = Date.now(),
): Promise<string> {
  const parsed = parseArgs('invite', args, {
    role: 'value',
    name: 'value',
    function: 'list',
    workspace: 'value',
    days: 'value',
    url: 'value',
  });
  if (parsed.help) return `Usage: ${INVITE_USAGE}\n${INVITE_OPTIONS}`;
  expectPositionals('invite', parsed, [], INVITE_USAGE);
  const problems: string[] = [];
  const role = parsed.values.get('role');
  if (role === undefined) problems.push(`fulcrum invite: --role is required (${ROLES.join(', ')})`);
  else if (!isRole(role)) {
    problems.push(`fulcrum invite: --role must be ${ROLES.join(', ')}, got "${role}"`);
  }
  const functions = readFunctions(parsed.lists.get('function') ?? [], problems);
  const name = parsed.values.get('name')?.trim();
  if (!name) problems.push('fulcrum invite: --name is required: the name others will see');
  const workspace = parsed.values.get('workspace') ?? DEMO_WORKSPACE_ID;
  const url = parsed.values.get('url') ?? `http://localhost:${env.PORT?.trim() || '8080'}`;
  if (!/^https?:\/\//.test(url) || !URL.canParse(url)) {
    problems.push(`fulcrum invite: --url must be an http(s) URL, got "${url}"`);
  }
  let days = DEFAULT_INVITE_DAYS;
  try {
    days = integerOption('invite', parsed, 'days', { min: 1, max: 3650 }) ?? days;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    problems.push(...error.lines);
  }
  if (problems.length > 0) throw new InputError(problems);

  const dataDir = resolve(env.DATA_DIR?.trim() || 'data');
  let secret: string;
  try {
    secret = await loadSecret(dataDir, env);
  } catch (error) {
    if (error instanceof SecretError) throw new InputError(`fulcrum invite: ${error.message}`);
    throw error;
  }
  try {
    const id = newInviteId();
    const link = inviteUrl(url, secret, {
      id,
      workspace,
      role: role as (typeof ROLES)[number],
      name: name!,
      functions,
      expiresAt: now + days * 24 * 60 * 60 * 1000,
    });
    // The person joins the workspace's people, for owner and sign-off fields to pick.
    await new PeopleDirectory(dataDir).recordInvites(workspace, [
      { name: name!, role: role as (typeof ROLES)[number], functions },
    ]);
    return `${link}\nInvite id: ${id} (fulcrum revoke ${id} ends it at once)\n`;
  } catch (error) {
    if (error instanceof RangeError) throw new InputError(`fulcrum invite: ${error.message}`);
    throw error;
  }
}

/** The functions of `--function` values (each one name or a comma list), each named once. */
function readFunctions(values: readonly string[], problems: string[]): SopFunction[] {
  const functions: SopFunction[] = [];
  for (const word of values.flatMap((value) => value.split(','))) {
    const fn = word.trim();
    if (!(FUNCTIONS as readonly string[]).includes(fn)) {
      problems.push(`fulcrum invite: --function must be ${FUNCTIONS.join(', ')}, got "${fn}"`);
    } else if (!functions.includes(fn as SopFunction)) {
      functions.push(fn as SopFunction);
    }
  }
  return functions;
}
