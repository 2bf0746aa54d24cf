import { InputError } from './cli-error.ts';

/**
 * The options a command accepts: a flag (`--json`), an option with a value (`--seed 3`),
 * or an option that may be repeated (`--function sales --function finance`).
 */
export type OptionSpec = Readonly<Record<string, 'flag' | 'value' | 'list'>>;

/** Arguments of one command, split into positionals, flags and option values. */
export interface ParsedArgs {
  positionals: string[];
  flags: Set<string>;
  values: Map<string, string>;
  /** The values of each repeatable option, in the order given. */
  lists: Map<string, string[]>;
  /** `--help` or `-h` was given. */
  help: boolean;
}

/**
 * Splits a command's arguments. Options are `--name value` or `--name=value`; `--`
 * ends the options. Throws an {@link InputError} for an unknown option, a missing value
 * or an option given twice (other than a `list` one).
 */
export function parseArgs(command: string, args: readonly string[], spec: OptionSpec): ParsedArgs {
  const parsed: ParsedArgs = {
    positionals: [],
    flags: new Set(),
    values: new Map(),
    lists: new Map(),
    help: false,
  };
  const problem = (message: string) => new InputError(`fulcrum ${command}: ${message}`);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      parsed.positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg === '--help' || arg === '-h') {
      parsed.help = true;
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') {
      parsed.positionals.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = (equals === -1 ? arg : arg.slice(0, equals)).replace(/^--?/, '');
    const kind = Object.hasOwn(spec, name) ? spec[name] : undefined;
    if (kind === undefined || !arg.startsWith('--')) {
      throw problem(`unknown option "${equals === -1 ? arg : arg.slice(0, equals)}"`);
    }
    if (parsed.flags.has(name) || parsed.values.has(name)) {
      throw problem(`--${name} is given more than once`);
    }
    if (kind === 'flag') {
      if (equals !== -1) throw problem(`--${name} takes no value`);
      parsed.flags.add(name);
      continue;
    }
    let value: string | undefined;
    if (equals !== -1) value = arg.slice(equals + 1);
    else if (i + 1 < args.length && !args[i + 1].startsWith('--')) value = args[++i];
    if (value === undefined || value === '') throw problem(`--${name} needs a value`);
    if (kind === 'list') parsed.lists.set(name, [...(parsed.lists.get(name) ?? []), value]);
    else parsed.values.set(name, value);
  }
  return parsed;
}

/**
 * Reads an integer option written in decimal digits, within inclusive bounds; undefined
 * when the option is absent. Throws an {@link InputError} naming the option otherwise.
 */
export function integerOption(
  command: string,
  parsed: ParsedArgs,
  name: string,
  limits: { readonly min: number; readonly max: number },
): number | undefined {
  const text = parsed.values.get(name);
  if (text === undefined) return undefined;
  const value = /^\d{1,16}$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= limits.min && value <= limits.max)) {
    throw new InputError(
      `fulcrum ${command}: --${name} must be an integer from ${limits.min} to ${limits.max}, got "${text}"`,
    );
  }
  return value;
}

/**
 * Throws an {@link InputError} unless exactly `names.length` positionals were given;
 * the message names what is missing and shows `usage`.
 */
export function expectPositionals(
  command: string,
  parsed: ParsedArgs,
  names: readonly string[],
  usage: string,
): string[] {
  const given = parsed.positionals;
  if (given.length > names.length) {
    throw new InputError(`fulcrum ${command}: unexpected argument "${given[names.length]}"`);
  }
  if (given.length < names.length) {
    const missing = names.slice(given.length).join(' and ');
    throw new InputError(`fulcrum ${command}: missing ${missing}; usage: ${usage}`);
  }
  return given;
}
