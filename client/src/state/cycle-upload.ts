/**
 * Sends a cycle file to the server as a new cycle of the invite's workspace (facilitators
 * only); returns the new cycle's month. Errors name what is wrong, with the file's
 * problems when it has some.
 */
export async function uploadCycleFile(
  invite: { workspace: string; token: string },
  text: string,
): Promise<string> {
  let file: unknown;
  try {
    file = JSON.parse(text);
  } catch {
    throw new Error('This file is not JSON: choose a cycle file saved with "Download cycle".');
  }
  let response: Response;
  try {
    response = await fetch(
      `/api/workspaces/${encodeURIComponent(invite.workspace)}/cycles/import`,
      {
        method: 'POST',
        headers: { Authorization: `Bearer ${invite.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(file),
      },
    );
  } catch {
    throw new Error('The server cannot be reached: importing a cycle needs the network.');
  }
  const body = (await response.json().catch(() => ({}))) as {
    cycle?: string;
    error?: string;
    problems?: string[];
  };
  if (!response.ok || !body.cycle) {
    const problems = body.problems?.length
      ? ` ${body.problems.slice(0, 5).join('; ')}${body.problems.length > 5 ? `; and ${body.problems.length - 5} more` : ''}`
      : '';
    throw new Error(
      `${body.error ?? `The server refused the file (${response.status}).`}${problems}`,
    );
  }
  return body.cycle;
}
