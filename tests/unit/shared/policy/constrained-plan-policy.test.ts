import loadHighs from 'highs';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { importPlan } from '../../../../shared/doc/index.ts';
import { addScenarioFromFile } from '../../../../shared/doc/scenario-commands.ts';
import { optimizePlan } from '../../../../shared/optimize/optimize-plan.ts';
import { checkUpdate } from '../../../../shared/policy/check-update.ts';
import type { Actor, Role } from '../../../../shared/policy/roles.ts';
import { mayEditWork } from '../../../../client/src/lib/policy-view.ts';
import { peer, sync } from '../../../helpers/docs.ts';
import { tightPlan } from '../../../helpers/tight-plan.ts';

const actor = (role: Role): Actor => ({ name: 'Vic', role, functions: ['supplyChain'] });

describe('the constrained plan is created as a draft by planners only', async () => {
  const plan = tightPlan();
  const outcome = optimizePlan(await loadHighs(), plan);
  if (!outcome.ok) throw new Error(outcome.message);
  // What a page sends when it creates the draft: the scenario and all its overrides.
  const server = peer(1);
  importPlan(server, plan);
  const client = peer(2);
  sync(server, client);
  const before = Y.encodeStateVector(client);
  addScenarioFromFile(client, outcome.scenario, { owner: 'Vic' });
  const update = Y.encodeStateAsUpdate(client, before);

  it('takes the draft from the facilitator and an editor', () => {
    for (const role of ['facilitator', 'editor'] as const) {
      expect(checkUpdate(server, update, actor(role)).ok, role).toBe(true);
    }
  });

  it('refuses it from an approver and a viewer, with the sentence the page shows', () => {
    for (const role of ['approver', 'viewer'] as const) {
      const verdict = checkUpdate(server, update, actor(role));
      expect(verdict.ok, role).toBe(false);
      const shown = mayEditWork(actor(role));
      expect(shown.ok, role).toBe(false);
      expect(verdict.ok ? '' : verdict.reason, role).toBe(shown.ok ? '' : shown.reason);
    }
  });
});
