import { InputError, oneLine } from './cli-error.ts';
import { USAGE } from './usage.ts';

/** Exit status: success. */
export const EXIT_OK = 0;
/** Exit status: an unexpected failure. */
export const EXIT_FAILURE = 1;
/** Exit status: invalid input (arguments or files); one line per problem on stderr. */
export const EXIT_INVALID_INPUT = 2;

/** Where the command line writes; the process's streams unless a caller gives others. */
export interface CliIo {
  stdout(text: string): Promise<void>;
  stderr(text: string): void;
  /** Environment variables (FULCRUM_DEBUG=1 prints the stack of an unexpected failure). */
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * Runs the `fulcrum` command line with the arguments after the program name and
 * returns the exit status. Never throws: invalid input is reported one line per
 * problem (status 2), anything else as one message (status 1).
 */
export async function main(args: readonly string[], io: CliIo = processIo()): Promise<number> {
  try {
    const [command, ...rest] = args;
    switch (command) {
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        await io.stdout(USAGE);
        return EXIT_OK;
      // Commands load on demand: help needs none of them, and demo-plan no engine.
      case 'reconcile': {
        const { reconcileCommand } = await import('./reconcile-command.ts');
        await io.stdout(await reconcileCommand(rest));
        return EXIT_OK;
      }
      case 'compare': {
        const { compareCommand } = await import('./compare-command.ts');
        const output = await compareCommand(rest);
        for (const warning of output.warnings) io.stderr(`${warning}\n`);
        await io.stdout(output.stdout);
        return EXIT_OK;
      }
      case 'scenarios': {
        const { scenariosCommand } = await import('./scenarios-command.ts');
        await io.stdout(await scenariosCommand(rest));
        return EXIT_OK;
      }
      case 'demo-plan': {
        const { demoPlanCommand } = await import('./demo-plan-command.ts');
        await io.stdout(demoPlanCommand(rest));
        return EXIT_OK;
      }
      case 'invite': {
        const { inviteCommand } = await import('./invite-command.ts');
        await io.stdout(await inviteCommand(rest, io.env));
        return EXIT_OK;
      }
      case 'minutes': {
        const { minutesCommand } = await import('./minutes-command.ts');
        await io.stdout(await minutesCommand(rest, io.env));
        return EXIT_OK;
      }
      case 'export': {
        const { exportCommand } = await import('./export-command.ts');
        await io.stdout(await exportCommand(rest, io.env));
        return EXIT_OK;
      }
      case 'import': {
        const { importCommand } = await import('./import-command.ts');
        await io.stdout(await importCommand(rest, io.env));
        return EXIT_OK;
      }
      case 'backup': {
        const { backupCommand } = await import('./backup-command.ts');
        await io.stdout(await backupCommand(rest, io));
        return EXIT_OK;
      }
      case 'restore': {
        const { restoreCommand } = await import('./restore-command.ts');
        await io.stdout(await restoreCommand(rest, io));
        return EXIT_OK;
      }
      default:
        throw new InputError(
          `fulcrum: unknown command "${command}"; run "fulcrum help" for the list of commands`,
        );
    }
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

/** The process's streams. A closed pipe (`fulcrum demo-plan | head`) ends quietly. */
export function processIo(): CliIo {
  return {
    stdout: (text) =>
      new Promise((resolve, reject) => {
        process.stdout.write(text, (error) => {
          if (!error || (error as NodeJS.ErrnoException).code === 'EPIPE') resolve();
          else reject(error);
        });
      }),
    stderr: (text) => {
      process.stderr.write(text);
    },
    env: process.env,
  };
}
