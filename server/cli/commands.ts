import type { CliIo } from './cli-io.ts';
import {
  BACKUP_OPTIONS,
  BACKUP_USAGE,
  COMPARE_USAGE,
  DEMO_PLAN_OPTIONS,
  DEMO_PLAN_USAGE,
  EXPORT_USAGE,
  FORECAST_EVAL_USAGE,
  FORECAST_USAGE,
  OPTIMIZE_USAGE,
  HISTORY_OPTIONS,
  HISTORY_USAGE,
  IMPORT_USAGE,
  INVITE_OPTIONS,
  INVITE_USAGE,
  MINUTES_OPTIONS,
  MINUTES_USAGE,
  RECONCILE_USAGE,
  RESTORE_USAGE,
  REVOKE_USAGE,
  SCENARIOS_USAGE,
} from './usage.ts';

/** One command of `fulcrum`: its name, how it is called, what it does, and how it runs. */
export interface CliCommand {
  /** The word after `fulcrum`. */
  name: string;
  /** Other words that run it (`--help` for `help`). */
  aliases?: readonly string[];
  /** How it is called, as `fulcrum help` shows it. */
  usage: string;
  /** What it does, in one line of `fulcrum help`. */
  summary: string;
  /** Runs it with the arguments after its name; throws `InputError` for invalid input. */
  run(args: readonly string[], io: CliIo): Promise<void>;
}

// Commands load on demand: help needs none of them, and demo-plan no engine.

/** Every command of `fulcrum`, in the order `fulcrum help` lists them. */
export const COMMANDS: readonly CliCommand[] = [
  {
    name: 'reconcile',
    usage: RECONCILE_USAGE,
    summary: 'Reconcile a plan: horizon totals, budget gap, the top gaps, overloaded resources.',
    run: printing(async (args) => (await import('./reconcile-command.ts')).reconcileCommand(args)),
  },
  {
    name: 'compare',
    usage: COMPARE_USAGE,
    summary:
      'What changed between two plans (or a plan and its scenario): totals, the price-volume-mix bridge, families.',
    async run(args, io) {
      const { compareCommand } = await import('./compare-command.ts');
      const output = await compareCommand(args);
      for (const warning of output.warnings) io.stderr(`${warning}\n`);
      await io.stdout(output.stdout);
    },
  },
  {
    name: 'scenarios',
    usage: SCENARIOS_USAGE,
    summary:
      'The plan and up to five scenarios side by side: totals, differences, what drives them.',
    run: printing(async (args) => (await import('./scenarios-command.ts')).scenariosCommand(args)),
  },
  {
    name: 'forecast',
    usage: FORECAST_USAGE,
    summary:
      'The statistical baseline of every family from its demand history, and the model chosen.',
    run: printing(async (args) => (await import('./forecast-command.ts')).forecastCommand(args)),
  },
  {
    name: 'forecast-eval',
    usage: FORECAST_EVAL_USAGE,
    summary:
      "Evaluate the statistical baseline on a forecasting competition's series: MASE and MAPE per horizon.",
    run: printing(async (args, io) =>
      (await import('./forecast-eval-command.ts')).forecastEvalCommand(args, io.stderr),
    ),
  },
  {
    name: 'optimize',
    usage: OPTIMIZE_USAGE,
    summary:
      'The constrained supply plan at least cost, what each binding hour is worth, as a draft scenario.',
    run: printing(async (args) => (await import('./optimize-command.ts')).optimizeCommand(args)),
  },
  {
    name: 'demo-plan',
    usage: DEMO_PLAN_USAGE,
    summary: 'Print a generated demo plan (JSON) to stdout.',
    run: printing(async (args) => (await import('./demo-plan-command.ts')).demoPlanCommand(args)),
  },
  {
    name: 'invite',
    usage: INVITE_USAGE,
    summary: 'Print a join link for one person, signed with the workspace secret.',
    run: printing(async (args, io) =>
      (await import('./invite-command.ts')).inviteCommand(args, io.env),
    ),
  },
  {
    name: 'revoke',
    usage: REVOKE_USAGE,
    summary:
      'End one invite at once: its link stops working and its open connections close within a second.',
    run: printing(async (args, io) =>
      (await import('./revoke-command.ts')).revokeCommand(args, io),
    ),
  },
  {
    name: 'minutes',
    usage: MINUTES_USAGE,
    summary: "Print the minutes of a cycle's executive meeting from the data folder.",
    run: printing(async (args, io) =>
      (await import('./minutes-command.ts')).minutesCommand(args, io.env),
    ),
  },
  {
    name: 'history',
    usage: HISTORY_USAGE,
    summary: 'Every kept change of a cycle: when, who, their role and what changed, newest first.',
    run: printing(async (args, io) =>
      (await import('./history-command.ts')).historyCommand(args, io.env),
    ),
  },
  {
    name: 'export',
    usage: EXPORT_USAGE,
    summary: 'Print a whole cycle (or its plan file) as JSON, from DATA_DIR or a running server.',
    run: printing(async (args, io) =>
      (await import('./export-command.ts')).exportCommand(args, io.env),
    ),
  },
  {
    name: 'import',
    usage: IMPORT_USAGE,
    summary: 'A cycle file as a new cycle of a workspace, into DATA_DIR or through a server.',
    run: printing(async (args, io) =>
      (await import('./import-command.ts')).importCommand(args, io.env),
    ),
  },
  {
    name: 'backup',
    usage: BACKUP_USAGE,
    summary:
      'Every room of the store into one portable file, consistent even while the server runs.',
    run: printing(async (args, io) =>
      (await import('./backup-command.ts')).backupCommand(args, io),
    ),
  },
  {
    name: 'restore',
    usage: RESTORE_USAGE,
    summary: 'The rooms of a backup into the store (SQLite or PostgreSQL, whichever it came from).',
    run: printing(async (args, io) =>
      (await import('./restore-command.ts')).restoreCommand(args, io),
    ),
  },
  {
    name: 'help',
    aliases: ['--help', '-h'],
    usage: 'fulcrum help',
    summary: 'Show this help.',
    run: printing(async () => helpText()),
  },
];

/** A command that prints what `produce` returns to stdout. */
function printing(
  produce: (args: readonly string[], io: CliIo) => Promise<string>,
): CliCommand['run'] {
  return async (args, io) => io.stdout(await produce(args, io));
}

/** The command `word` names (its name or an alias), if any. */
export function findCommand(word: string): CliCommand | undefined {
  return COMMANDS.find((command) => command.name === word || command.aliases?.includes(word));
}

/** The text of `fulcrum help`, read from {@link COMMANDS}. */
export function helpText(): string {
  const commands = COMMANDS.map(({ usage, summary }) => `  ${usage}\n      ${summary}\n`).join('');
  return `Fulcrum: the S&OP plan on the command line

Usage:
${commands}
Options:
  --json            print the engine's result as JSON instead of a summary
${DEMO_PLAN_OPTIONS}${INVITE_OPTIONS}${MINUTES_OPTIONS}${HISTORY_OPTIONS}${BACKUP_OPTIONS}
Exit status: 0 success; 2 invalid input, with one line per problem on stderr
(file: JSON path: problem); 1 unexpected failure (FULCRUM_DEBUG=1 prints details).
`;
}
