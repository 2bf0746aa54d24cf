import { buildMinutes } from '../../shared/minutes/minutes.ts';
import { minutesHtml } from '../../shared/minutes/minutes-html.ts';
import { minutesMarkdown } from '../../shared/minutes/minutes-markdown.ts';
import { expectPositionals, parseArgs } from './args.ts';
import { InputError } from './cli-error.ts';
import { dataFolder, loadRoomDoc, parseRoom } from './room-doc.ts';
import { MINUTES_OPTIONS, MINUTES_USAGE } from './usage.ts';

const FORMATS = ['md', 'html'] as const;

/**
 * `fulcrum minutes <workspace>/<cycle> [--format md|html]`: the minutes of a cycle's
 * executive meeting, read from the data folder (`DATA_DIR`, else `./data`), as Markdown
 * (the default) or as a printable HTML page.
 */
export async function minutesCommand(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<string> {
  const parsed = parseArgs('minutes', args, { format: 'value' });
  if (parsed.help) return `Usage: ${MINUTES_USAGE}\n${MINUTES_OPTIONS}`;
  const [roomText] = expectPositionals('minutes', parsed, ['<workspace>/<cycle>'], MINUTES_USAGE);
  const format = parsed.values.get('format') ?? 'md';
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new InputError(`fulcrum minutes: --format must be md or html, got "${format}"`);
  }
  const address = parseRoom(roomText, MINUTES_USAGE);
  const doc = await loadRoomDoc(dataFolder(env), address);
  try {
    const minutes = buildMinutes(doc, { now: new Date().toISOString() });
    return format === 'html' ? minutesHtml(minutes) : minutesMarkdown(minutes);
  } finally {
    doc.destroy();
  }
}
