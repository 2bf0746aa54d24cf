import { InputError } from './cli-error.ts';

/**
 * Calls a running Fulcrum server's API with an invite token and returns its JSON answer;
 * refusals (bad token, unknown cycle, conflicts) are `InputError`s in the server's words.
 */
export async function serverRequest(
  command: string,
  server: string,
  token: string | undefined,
  path: string,
  body?: unknown,
): Promise<unknown> {
  if (!token) {
    throw new InputError(
      `fulcrum ${command}: --server needs --token, an invite token of the workspace (see fulcrum invite)`,
    );
  }
  let url: URL;
  try {
    url = new URL(path, server);
  } catch {
    throw new InputError(
      `fulcrum ${command}: --server must be an address like http://localhost:8080`,
    );
  }
  let response: Response;
  try {
    response = await fetch(url, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new InputError(
      `fulcrum ${command}: cannot reach ${url.origin} (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const answer = (await response.json().catch(() => null)) as {
    error?: string;
    problems?: string[];
  } | null;
  if (!response.ok) {
    const lines = [
      `fulcrum ${command}: the server refused (${response.status}): ${answer?.error ?? response.statusText}`,
    ];
    for (const problem of answer?.problems ?? []) lines.push(problem);
    throw new InputError(lines);
  }
  return answer;
}
