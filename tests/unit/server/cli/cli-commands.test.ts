import { describe, expect, it } from 'vitest';
import { COMMANDS, findCommand, helpText } from '../../../../server/cli/commands.ts';

describe('the table of fulcrum commands', () => {
  it('names each command once, aliases included', () => {
    const words = COMMANDS.flatMap((command) => [command.name, ...(command.aliases ?? [])]);
    expect(new Set(words).size).toBe(words.length);
  });

  it('finds a command by its name or an alias, and nothing for another word', () => {
    expect(findCommand('reconcile')?.name).toBe('reconcile');
    expect(findCommand('--help')?.name).toBe('help');
    expect(findCommand('-h')?.name).toBe('help');
    expect(findCommand('reconcile-all')).toBeUndefined();
    expect(findCommand('')).toBeUndefined();
  });

  it('lists every command in the help, in the table order, with its usage and summary', () => {
    const help = helpText();
    let from = 0;
    for (const { usage, summary } of COMMANDS) {
      const at = help.indexOf(`  ${usage}\n      ${summary}\n`, from);
      expect(at, usage).toBeGreaterThan(from - 1);
      from = at;
    }
    expect(help.startsWith('Fulcrum: the S&OP plan on the command line\n\nUsage:\n')).toBe(true);
  });
});
