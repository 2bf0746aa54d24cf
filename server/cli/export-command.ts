import { docToPlan, exportCycle } from '../../shared/doc/index.ts';
import { expectPositionals, parseArgs } from './args.ts';
import { InputError } from './cli-error.ts';
import { EXPORT_USAGE } from './usage.ts';
import { dataFolder, loadRoomDoc, parseRoom } from './room-doc.ts';
import { serverRequest } from './server-request.ts';

/**
 * `fulcrum export <workspace>/<cycle>`: the whole cycle as a cycle file (or, with
 * `--format plan`, its plan file) on stdout, read from the data folder (`DATA_DIR`) or,
 * with `--server` and `--token`, from a running server.
 */
export async function exportCommand(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<string> {
  const parsed = parseArgs('export', args, { format: 'value', server: 'value', token: 'value' });
  if (parsed.help) return `Usage: ${EXPORT_USAGE}\n`;
  expectPositionals('export', parsed, ['room'], EXPORT_USAGE);
  const address = parseRoom(parsed.positionals[0], EXPORT_USAGE);
  const format = parsed.values.get('format') ?? 'cycle';
  if (format !== 'cycle' && format !== 'plan') {
    throw new InputError(`fulcrum export: --format must be cycle or plan, got "${format}"`);
  }
  const server = parsed.values.get('server');
  let file: unknown;
  if (server !== undefined) {
    const path =
      format === 'cycle'
        ? `/api/workspaces/${encodeURIComponent(address.workspace)}/cycles/${address.cycle}/cycle.json`
        : `/api/rooms/${encodeURIComponent(address.workspace)}/${address.cycle}/plan.json`;
    file = await serverRequest('export', server, parsed.values.get('token'), path);
  } else {
    const doc = await loadRoomDoc(dataFolder(env), address);
    try {
      file = format === 'cycle' ? exportCycle(doc) : docToPlan(doc);
    } finally {
      doc.destroy();
    }
  }
  return `${JSON.stringify(file, null, 2)}\n`;
}
