import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { importPlan, markHistory, useBaseline } from '../../../../shared/doc/index.ts';
import { checkUpdate } from '../../../../shared/policy/check-update.ts';
import type { Actor, Role } from '../../../../shared/policy/roles.ts';
import { peer, sync } from '../../../helpers/docs.ts';
import { makePlan, months, row } from '../../../helpers/plan-builder.ts';

const PERIODS = months('2026-12', 3);
const actor = (role: Role): Actor => ({ name: 'Vic', role, functions: ['sales'] });

/** The relay's document, and what a peer sends when it writes `write` on its copy. */
function sent(write: (doc: Y.Doc) => void): { server: Y.Doc; update: Uint8Array } {
  const server = peer(1);
  importPlan(
    server,
    makePlan({
      periods: PERIODS,
      demand: { A: row(PERIODS, [10, 10, 10]) },
      history: { A: { '2026-11': { actual: 9 } } },
    }),
  );
  const client = peer(2);
  sync(server, client);
  const before = Y.encodeStateVector(client);
  write(client);
  return { server, update: Y.encodeStateAsUpdate(client, before) };
}

const changes = {
  'using the statistical baseline': sent((doc) =>
    useBaseline(
      doc,
      [{ family: 'A', method: 'Theta', forecast: PERIODS.map((month) => ({ month, value: 12 })) }],
      'Vic',
    ),
  ),
  'marking a month of history one-off': sent((doc) =>
    markHistory(doc, { family: 'A', month: '2026-11' }, 'oneOff', 'Vic'),
  ),
};

describe('the statistical baseline and history marks are written by planners only', () => {
  for (const [what, change] of Object.entries(changes)) {
    it(`takes ${what} from the facilitator and an editor`, () => {
      for (const role of ['facilitator', 'editor'] as const) {
        expect(checkUpdate(change.server, change.update, actor(role)).ok, role).toBe(true);
      }
    });

    it(`refuses ${what} from an approver and a viewer, with the rule in words`, () => {
      for (const role of ['approver', 'viewer'] as const) {
        expect(checkUpdate(change.server, change.update, actor(role)), role).toMatchObject({
          ok: false,
          reason: expect.stringMatching(/^Only the facilitator and editors change the plan\. /),
        });
      }
    });
  }
});
