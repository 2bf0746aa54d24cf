import type { Plan } from '../engine/index.ts';
import { applyScenario } from '../engine/scenario.ts';
import { checked, decisionSchema } from '../schema/records.ts';
import { commandError } from '../schema/command-error.ts';
import { takenFields, type DecisionTaken } from './decision-commands.ts';
import { collection, newId, transactRecord, writeFields } from './layout.ts';
import { linkKey } from './gap-work.ts';
import { record } from './plan-commands.ts';
import { docToPlan } from './plan-projection.ts';
import { adoptionSummary } from './scenario-adoption.ts';
import { readScenarios } from './scenario-commands.ts';
import type { CycleDoc } from './cycle-doc.ts';

/** The option a meeting records when it keeps the current plan instead of a scenario. */
export const KEEP_THE_PLAN = 'Keep the current plan';

/**
 * Records that the meeting kept the current plan instead of a scenario, in ONE
 * transaction of the meeting's record: an agreed decision ("Adopt scenario <name>?",
 * chosen "Keep the current plan", with the rationale, owner, expected impact and review
 * date given; `options` keeps what the scenario would have changed; `links` holds
 * `scenario:<id>`) and the scenario marked rejected with `rejectedBy` = the decision id.
 * The plan does not change. Returns the decision id. Throws, writing nothing, for an
 * unknown scenario or one already adopted or rejected, or an incomplete decision.
 */
export function rejectScenario(
  doc: CycleDoc,
  scenarioId: string,
  decision: Omit<DecisionTaken, 'chosen'> & { madeIn: string },
  decisionId: string = newId('decisions'),
): string {
  const command = 'rejectScenario';
  const plan: Plan = docToPlan(doc);
  const found = readScenarios(doc, plan).find((item) => item.record.id === scenarioId);
  if (!found) throw commandError(command, `no scenario "${scenarioId}"`);
  const { record: scenario, reading } = found;
  if (scenario.status !== 'draft') {
    throw commandError(command, `"${scenario.name}" is already ${scenario.status}`);
  }
  if (collection(doc, 'decisions').has(decisionId)) {
    throw commandError(command, `"${decisionId}" already exists`);
  }
  const would = reading.ok
    ? ` It would have changed: ${adoptionSummary(plan, applyScenario(plan, reading.scenario))}`
    : '';
  const fields = checked(command, decisionSchema, {
    question: `Adopt scenario ${scenario.name}?`,
    ...takenFields(command, { ...decision, chosen: KEEP_THE_PLAN }),
    status: 'agreed',
    madeIn: decision.madeIn,
    options: `Scenario "${scenario.name}" or the current plan.${would}`,
    links: [linkKey('scenario', scenario.id)],
  }) as Record<string, unknown>;
  transactRecord(doc, command, () => {
    collection(doc, 'decisions').set(decisionId, record(fields));
    const item = collection(doc, 'scenarios').get(scenarioId);
    if (item) writeFields(item, { status: 'rejected', rejectedBy: decisionId });
  });
  return decisionId;
}
