/** One problem with a command's input: the field it is about and what is wrong. */
export interface CommandIssue {
  /** The field's dot path in the command's input (`impactValue`, `overrides.2.value`); `''` when it is about no one field. */
  path: string;
  /** What is wrong, in words a person can act on: `must be at most 5`. */
  message: string;
}

/**
 * A command refused its input and wrote nothing. `issues` says what is wrong field by
 * field, for a form to show each beside its field; `message` is the same as one line,
 * `addRisk: probability: must be at most 5; owner: must be text`, for logs and for
 * callers that show a single notice.
 */
export class CommandError extends Error {
  /** The command that refused, e.g. `addRisk`. */
  readonly command: string;
  /** What is wrong, one entry per problem, in the order they were found. */
  readonly issues: readonly CommandIssue[];

  constructor(command: string, issues: readonly CommandIssue[]) {
    super(`${command}: ${issues.map(issueText).join('; ')}`);
    this.command = command;
    this.issues = issues;
  }
}

/** A refusal with one problem, about the field at `path` or (by default) about no one field. */
export function commandError(command: string, message: string, path = ''): CommandError {
  return new CommandError(command, [{ path, message }]);
}

/** An issue as one line: `path: message`, or the message alone when it has no path. */
export function issueText(issue: CommandIssue): string {
  return issue.path ? `${issue.path}: ${issue.message}` : issue.message;
}
