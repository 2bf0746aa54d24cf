import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { importPlan, updateFamily } from '../../../../shared/doc/index.ts';
import { checkUpdate } from '../../../../shared/policy/check-update.ts';
import type { Actor, Role } from '../../../../shared/policy/roles.ts';
import { peer, sync } from '../../../helpers/docs.ts';
import { valueAddedPlan } from '../../../helpers/value-added-plan.ts';

const actor = (role: Role): Actor => ({ name: 'Vic', role, functions: ['sales'] });

/** The relay's document, and what a peer sends when it writes `write` on its copy. */
function sent(write: (doc: Y.Doc) => void): { server: Y.Doc; update: Uint8Array } {
  const server = peer(1);
  importPlan(server, valueAddedPlan());
  const client = peer(2);
  sync(server, client);
  const before = Y.encodeStateVector(client);
  write(client);
  return { server, update: Y.encodeStateAsUpdate(client, before) };
}

describe('the lag a family is judged at is set by planners only', () => {
  const change = sent((doc) => updateFamily(doc, 'B', { forecastLag: 3 }));

  it('takes a lag from the facilitator and an editor', () => {
    for (const role of ['facilitator', 'editor'] as const) {
      expect(checkUpdate(change.server, change.update, actor(role)).ok, role).toBe(true);
    }
  });

  it('refuses it from an approver and a viewer, with the rule in words', () => {
    for (const role of ['approver', 'viewer'] as const) {
      const verdict = checkUpdate(change.server, change.update, actor(role));
      expect(verdict, role).toMatchObject({ ok: false, reason: expect.stringMatching(/plan/i) });
    }
  });

  it('refuses a lag beyond six cycles even from the facilitator', () => {
    // Written raw, past the command's own check, as a hostile peer would.
    const far = sent((doc) =>
      (doc.getMap('families').get('B') as Y.Map<unknown>).set('forecastLag', 7),
    );
    const verdict = checkUpdate(far.server, far.update, actor('facilitator'));
    expect(verdict).toMatchObject({
      ok: false,
      reason: 'families "B": forecastLag: must be at most 6.',
    });
  });
});
