/**
 * A problem with what the user gave the command line (arguments, files): the command
 * exits with status 2 and prints one line per problem, without a stack trace.
 */
export class InputError extends Error {
  /** One line per problem, as printed on stderr. */
  readonly lines: readonly string[];

  constructor(lines: string | readonly string[]) {
    const all = typeof lines === 'string' ? [lines] : lines;
    super(all.join('\n'));
    this.name = 'InputError';
    this.lines = all.map(oneLine);
  }
}

/** Collapses line breaks so that one problem is always printed on one line. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}
