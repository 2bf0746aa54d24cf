import { exportCycle, type NextCycleSummary } from '../../../shared/doc/index.ts';
import { downloadText } from '../lib/download.ts';
import type { CycleSession } from './cycle-session.svelte.ts';

/** What the server answered when the next cycle started. */
export interface NextCycleStarted {
  closed: { cycle: string; hash: string; closedAt: string };
  next: NextCycleSummary;
}

/**
 * Asks the server to close this cycle and start the next one from it (facilitators
 * only), acknowledging the lines of the close checklist in `acknowledge` as left open
 * (the server refuses while a line it finds open is not among them). Throws an error in
 * the person's words when it cannot.
 */
export async function requestNextCycle(
  session: CycleSession,
  acknowledge: readonly string[] = [],
): Promise<NextCycleStarted> {
  const { workspace, token } = session.invite;
  let response: Response;
  try {
    response = await fetch(
      `/api/workspaces/${encodeURIComponent(workspace)}/cycles/${encodeURIComponent(session.cycle)}/next`,
      {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ acknowledge }),
      },
    );
  } catch {
    throw new Error(
      'The server cannot be reached: starting the next cycle needs the network, so that everyone gets the same closed cycle.',
    );
  }
  const body = (await response.json().catch(() => ({}))) as Partial<NextCycleStarted> & {
    error?: string;
  };
  if (!response.ok || !body.next || !body.closed) {
    throw new Error(
      body.error ?? `The server could not start the next cycle (${response.status}).`,
    );
  }
  return body as NextCycleStarted;
}

/** Saves the whole cycle (inputs and every work item) as a cycle file, from this device's copy. */
export function downloadCycleFile(session: CycleSession): void {
  const file = exportCycle(session.doc);
  downloadText(
    `cycle-${session.invite.workspace}-${session.cycle}.json`,
    `${JSON.stringify(file, null, 2)}\n`,
    'application/json',
  );
}
