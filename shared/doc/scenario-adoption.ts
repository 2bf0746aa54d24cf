import { applyScenario } from '../engine/scenario.ts';
import type { Plan } from '../engine/index.ts';
import { checked, decisionSchema, quantitySchema, type ExpectedImpact } from '../schema/records.ts';
import { planTotals } from '../scenarios/compare-scenarios.ts';
import { collection, grid, pairKey, transactRecord, writeFields, newId } from './layout.ts';
import { linkKey } from './gap-work.ts';
import { record } from './plan-commands.ts';
import { docToPlan } from './plan-projection.ts';
import { readScenarios } from './scenario-commands.ts';
import { commandError } from '../schema/command-error.ts';
import type { CycleDoc } from './cycle-doc.ts';

/** What the meeting records when it adopts a scenario. */
export interface AdoptionDecision {
  question?: string;
  owner: string;
  rationale: string;
  /** The cycle month the decision is made in. */
  madeIn: string;
  /** What adopting is expected to move (from the scenario comparison, as the meeting edited it). */
  expectedImpact?: ExpectedImpact[];
  /** The day by which the meeting checks whether it delivered. */
  reviewDate?: string;
}

const GRIDS = ['demand', 'supply', 'capacity'] as const;

/** Plain numbers for the before → after summary (no currency: the reader knows it). */
function short(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e6) return `${(value / 1e6).toFixed(2)}M`;
  if (abs >= 1e4) return `${(value / 1e3).toFixed(1)}k`;
  return `${Math.round(value)}`;
}

/** The values before and after an adoption, in words, as kept on the decision. */
export function adoptionSummary(before: Plan, after: Plan): string {
  const a = planTotals(before);
  const b = planTotals(after);
  return [
    `Revenue ${short(a.revenue)} → ${short(b.revenue)}`,
    `margin ${short(a.margin)} → ${short(b.margin)}`,
    `budget gap ${short(a.budgetGap)} → ${short(b.budgetGap)}`,
    `peak backlog ${short(a.peakBacklogValue)} → ${short(b.peakBacklogValue)}`,
    `overload ${short(a.overloadHours)} → ${short(b.overloadHours)} h`,
    `gaps ${a.gapCount} → ${b.gapCount}`,
  ].join('; ');
}

/**
 * Adopts a scenario through a decision, in ONE transaction (one undo step): its overrides
 * are written into the baseline (demand, supply and capacity as cells, price on the
 * family), a decision is recorded (question "Adopt scenario <name>?", chosen "Adopt",
 * agreed; `options` names the scenario and keeps the values before and after, `links` holds
 * `scenario:<id>`), and the
 * scenario is marked adopted with `adoptedBy` = the decision id. Returns the decision id.
 * Throws, and writes nothing, when the scenario is unknown, already adopted or has
 * problems against the plan, or when the decision is incomplete.
 */
export function adoptScenario(
  doc: CycleDoc,
  scenarioId: string,
  decision: AdoptionDecision,
  decisionId: string = newId('decisions'),
): string {
  const before = docToPlan(doc);
  const found = readScenarios(doc, before).find((item) => item.record.id === scenarioId);
  if (!found) throw commandError('adoptScenario', `no scenario "${scenarioId}"`);
  const { record: scenario, reading } = found;
  if (scenario.status === 'adopted') {
    throw commandError('adoptScenario', `"${scenario.name}" is already adopted`);
  }
  if (!reading.ok) {
    throw commandError(
      'adoptScenario',
      `"${scenario.name}" has problems: ${reading.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`,
    );
  }
  if (!decision.owner.trim()) throw commandError('adoptScenario', 'the decision needs an owner');
  if (!decision.rationale.trim())
    throw commandError('adoptScenario', 'the decision needs a rationale');
  if (collection(doc, 'decisions').has(decisionId)) {
    throw commandError('adoptScenario', `"${decisionId}" already exists`);
  }
  const after = applyScenario(before, reading.scenario);
  const fields = checked('adoptScenario', decisionSchema, {
    question: decision.question?.trim() || `Adopt scenario ${scenario.name}?`,
    chosen: 'Adopt',
    status: 'agreed',
    owner: decision.owner.trim(),
    rationale: decision.rationale.trim(),
    madeIn: decision.madeIn,
    options: `Scenario "${scenario.name}". Before → after: ${adoptionSummary(before, after)}`,
    links: [linkKey('scenario', scenario.id)],
    ...(decision.expectedImpact?.length && { expectedImpact: decision.expectedImpact }),
    ...(decision.reviewDate && { reviewDate: decision.reviewDate }),
  });

  // Every changed cell, checked before anything is written.
  const cells: { name: (typeof GRIDS)[number]; key: string; value: number }[] = [];
  for (const name of GRIDS) {
    for (const [id, row] of Object.entries(after[name])) {
      for (const [month, value] of Object.entries(row)) {
        if (before[name][id]?.[month] === value) continue;
        cells.push({
          name,
          key: pairKey(id, month),
          value: checked(`adoptScenario ${name} ${id} ${month}`, quantitySchema, value),
        });
      }
    }
  }
  const prices = after.families.filter((family, i) => family.price !== before.families[i]?.price);

  transactRecord(doc, 'adoptScenario', () => {
    for (const cell of cells) grid(doc, cell.name).set(cell.key, cell.value);
    const families = collection(doc, 'families');
    for (const family of prices) {
      const item = families.get(family.id);
      if (item) writeFields(item, { price: family.price });
    }
    collection(doc, 'decisions').set(decisionId, record(fields as Record<string, unknown>));
    const item = collection(doc, 'scenarios').get(scenarioId);
    if (item) writeFields(item, { status: 'adopted', adoptedBy: decisionId });
  });
  return decisionId;
}
