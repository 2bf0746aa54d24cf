import { readFile } from 'node:fs/promises';
import {
  checkCycleFile,
  createCycleDoc,
  encodeDocState,
  importCycle,
} from '../../shared/doc/index.ts';
import { NAME_PATTERN } from '../auth/tokens.ts';
import { SqliteCatalog } from '../storage/sqlite-catalog.ts';
import { databaseFile } from '../storage/sqlite-storage.ts';
import { cycleStateOf } from '../sync/cycle-index.ts';
import { expectPositionals, parseArgs } from './args.ts';
import { InputError } from './cli-error.ts';
import { IMPORT_USAGE } from './usage.ts';
import { dataFolder, openDataStore } from './room-doc.ts';
import { serverRequest } from './server-request.ts';
import { appendAttributed, serverAuthor } from '../storage/history.ts';

/**
 * `fulcrum import <cycle.json> --workspace W`: a cycle file (from `fulcrum export` or
 * the page's "Download cycle") as a new cycle of workspace W, in the data folder
 * (`DATA_DIR`; stop the server first, or use `--server`) or, with `--server` and
 * `--token` (a facilitator's), through a running server. Refused when the cycle exists.
 */
export async function importCommand(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<string> {
  const parsed = parseArgs('import', args, { workspace: 'value', server: 'value', token: 'value' });
  if (parsed.help) return `Usage: ${IMPORT_USAGE}\n`;
  expectPositionals('import', parsed, ['cycle.json'], IMPORT_USAGE);
  const workspace = parsed.values.get('workspace');
  if (!workspace || !NAME_PATTERN.test(workspace)) {
    throw new InputError(
      `fulcrum import: --workspace must name the workspace (letters, digits, - and _)${workspace ? `, got "${workspace}"` : ''}; usage: ${IMPORT_USAGE}`,
    );
  }
  const path = parsed.positionals[0];
  let input: unknown;
  try {
    input = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new InputError(
      `fulcrum import: ${path}: ${error instanceof SyntaxError ? `not JSON (${error.message})` : 'cannot be read'}`,
    );
  }
  const problems = checkCycleFile(input);
  if (problems.length > 0) {
    throw new InputError([
      `fulcrum import: ${path} is not a valid cycle file:`,
      ...problems.map((problem) => `${path}: ${problem}`),
    ]);
  }
  const cycle = (input as { plan: { cycle: string } }).plan.cycle;
  const server = parsed.values.get('server');
  if (server !== undefined) {
    await serverRequest(
      'import',
      server,
      parsed.values.get('token'),
      `/api/workspaces/${encodeURIComponent(workspace)}/cycles/import`,
      input,
    );
    return `Imported cycle ${workspace}/${cycle} through ${server}\n`;
  }
  const room = `${workspace}/${cycle}`;
  const storage = openDataStore(dataFolder(env));
  try {
    if ((await storage.load(room)).lastSeq > 0) {
      throw new InputError(
        `fulcrum import: the data folder already has cycle ${room}; nothing was written`,
      );
    }
    const doc = createCycleDoc();
    try {
      importCycle(doc, input);
      await appendAttributed(storage, room, encodeDocState(doc), {
        author: serverAuthor('import'),
        connection: null,
        changes: [],
        changeCount: 0,
      });
      // A cycle of the index: the server admits people to it, even while it runs.
      const catalog = new SqliteCatalog(databaseFile(dataFolder(env)));
      try {
        await catalog.addCycle({ workspace, cycle, ...cycleStateOf(doc), createdAt: Date.now() });
      } finally {
        await catalog.close();
      }
    } finally {
      doc.destroy();
    }
  } finally {
    await storage.close();
  }
  return `Imported cycle ${room} into ${dataFolder(env)}\n`;
}
