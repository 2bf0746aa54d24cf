import { InputError, oneLine } from './cli-error.ts';
import { processIo, type CliIo } from './cli-io.ts';
import { findCommand } from './commands.ts';

export type { CliIo } from './cli-io.ts';

/** Exit status: success. */
export const EXIT_OK = 0;
/** Exit status: an unexpected failure. */
export const EXIT_FAILURE = 1;
/** Exit status: invalid input (arguments or files); one line per problem on stderr. */
export const EXIT_INVALID_INPUT = 2;

/**
 * Runs the `fulcrum` command line with the arguments after the program name (a command
 * of the table in commands.ts; help without one) and returns the exit status. Never throws: invalid input is reported one line per
 * problem (status 2), anything else as one message (status 1).
 */
export async function main(args: readonly string[], io: CliIo = processIo()): Promise<number> {
  try {
    const [word, ...rest] = args;
    const command = findCommand(word ?? 'help');
    if (!command) {
      throw new InputError(
        `fulcrum: unknown command "${word}"; run "fulcrum help" for the list of commands`,
      );
    }
    await command.run(rest, io);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof InputError) {
      io.stderr(error.lines.map((line) => `${line}\n`).join(''));
      return EXIT_INVALID_INPUT;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`fulcrum: unexpected failure: ${oneLine(message)}\n`);
    if (io.env.FULCRUM_DEBUG === '1' && error instanceof Error && error.stack) {
      io.stderr(`${error.stack}\n`);
    }
    return EXIT_FAILURE;
  }
}
