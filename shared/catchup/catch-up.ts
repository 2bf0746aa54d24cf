import type {
  SeenAction,
  SeenAgendaItem,
  SeenDecision,
  SeenFamily,
  SeenProjection,
  SeenRisk,
} from './seen-projection.ts';
import type { CatchUpChange, CatchUpDelta, CatchUpEntry } from './catch-up-entry.ts';
import { PLAIN_FORMAT, type CatchUpFormat } from './catch-up-format.ts';

/** How many families the largest plan changes list at most. */
export const PLAN_CHANGES_SHOWN = 10;

/**
 * A family's plan counts as changed when its demand or supply moved by at least one
 * unit over the horizon, or its revenue by at least this share (and at least 1 in money).
 */
export const PLAN_CHANGE_THRESHOLD = { units: 1, revenueShare: 0.005 } as const;

const CHANGE_RANK: Record<CatchUpChange, number> = {
  assigned: 0,
  new: 1,
  changed: 2,
  closed: 3,
  removed: 4,
};

/**
 * What changed between what a person last saw (`before`) and the cycle now, for the
 * person named `me`, in the order the list shows it: decisions made or changed; actions
 * assigned to me (new or reassigned to me), actions of mine whose status, due date or
 * title changed (and mine reassigned to someone else), others' actions only when new;
 * new or changed risks and opportunities; agenda items closed since, with their outcome
 * (and items reopened), in agenda order; then the largest plan changes: at most
 * {@link PLAN_CHANGES_SHOWN} families above {@link PLAN_CHANGE_THRESHOLD}, the largest
 * change of revenue first. Within the other groups entries go by change (assigned, new, changed,
 * closed), then title, then id, compared by code unit: the same inputs always give the
 * same list. Identical projections give no entries. Records that were deleted are not
 * listed (there is nothing left to link to).
 */
export function catchUp(
  before: SeenProjection,
  now: SeenProjection,
  me: string,
  format: CatchUpFormat = PLAIN_FORMAT,
): CatchUpEntry[] {
  return [
    ...byChangeThenTitle(decisionEntries(before, now)),
    ...byChangeThenTitle(actionEntries(before, now, me, format)),
    ...byChangeThenTitle(riskEntries(before, now, format)),
    ...inAgendaOrder(agendaEntries(before, now, format), now),
    ...planEntries(before, now, format),
  ];
}

function decisionEntries(before: SeenProjection, now: SeenProjection): CatchUpEntry[] {
  const entries: CatchUpEntry[] = [];
  for (const [id, decision] of Object.entries(now.decisions)) {
    const was = own(before.decisions, id);
    const entry = (change: CatchUpChange, detail: string): CatchUpEntry => ({
      kind: 'decision',
      change,
      id,
      title: decision.question,
      detail,
      link: { view: 'decisions', item: id },
    });
    if (!was) {
      entries.push(entry('new', decisionSummary(decision)));
      continue;
    }
    const parts: string[] = [];
    if (was.status !== decision.status) parts.push(`status ${was.status} → ${decision.status}`);
    if ((was.chosen ?? '') !== (decision.chosen ?? '')) {
      parts.push(decision.chosen ? `option chosen: ${decision.chosen}` : 'chosen option withdrawn');
    }
    if (!sameName(was.owner, decision.owner)) parts.push(ownerChange(was.owner, decision.owner));
    if (was.question !== decision.question) parts.push(`question was: ${was.question}`);
    if (parts.length > 0) entries.push(entry('changed', parts.join(' · ')));
  }
  return entries;
}

function decisionSummary(decision: SeenDecision): string {
  const parts = [decision.chosen ? `${decision.status}: ${decision.chosen}` : decision.status];
  if (decision.owner) parts.push(`owner ${decision.owner}`);
  return parts.join(' · ');
}

function actionEntries(
  before: SeenProjection,
  now: SeenProjection,
  me: string,
  format: CatchUpFormat,
): CatchUpEntry[] {
  const entries: CatchUpEntry[] = [];
  for (const [id, action] of Object.entries(now.actions)) {
    const was = own(before.actions, id);
    const entry = (change: CatchUpChange, detail: string): CatchUpEntry => ({
      kind: 'action',
      change,
      id,
      title: action.title,
      detail,
      link: { view: 'actions', item: id },
    });
    const due = `due ${format.day(action.due)}`;
    const status = action.status === 'open' ? '' : ` · ${action.status}`;
    const isMine = sameName(action.owner, me);
    if (!was) {
      if (isMine) entries.push(entry('assigned', `assigned to you, ${due}${status}`));
      else entries.push(entry('new', `owner ${action.owner}, ${due}${status}`));
      continue;
    }
    const wasMine = sameName(was.owner, me);
    if (isMine && !wasMine) {
      entries.push(entry('assigned', `reassigned to you from ${was.owner}, ${due}${status}`));
    } else if (wasMine && !isMine) {
      entries.push(entry('changed', `reassigned from you to ${action.owner}`));
    } else if (isMine) {
      const parts = actionChanges(was, action, format);
      if (parts.length === 0) continue;
      const isClosed = was.status === 'open' && action.status !== 'open';
      entries.push(entry(isClosed ? 'closed' : 'changed', parts.join(' · ')));
    }
  }
  return entries;
}

function actionChanges(was: SeenAction, action: SeenAction, format: CatchUpFormat): string[] {
  const parts: string[] = [];
  if (was.status !== action.status) parts.push(`status ${was.status} → ${action.status}`);
  if (was.due !== action.due) parts.push(`due ${format.day(was.due)} → ${format.day(action.due)}`);
  if (was.title !== action.title) parts.push(`renamed from: ${was.title}`);
  return parts;
}

function riskEntries(
  before: SeenProjection,
  now: SeenProjection,
  format: CatchUpFormat,
): CatchUpEntry[] {
  const entries: CatchUpEntry[] = [];
  for (const [id, risk] of Object.entries(now.risks)) {
    const was = own(before.risks, id);
    const entry = (change: CatchUpChange, detail: string): CatchUpEntry => ({
      kind: 'risk',
      change,
      id,
      title: risk.title,
      detail,
      link: { view: 'risks', item: id },
    });
    if (!was) {
      entries.push(entry('new', riskSummary(risk, format)));
      continue;
    }
    const parts = riskChanges(was, risk, format);
    if (parts.length === 0) continue;
    const isClosed = was.status !== 'closed' && risk.status === 'closed';
    entries.push(entry(isClosed ? 'closed' : 'changed', parts.join(' · ')));
  }
  return entries;
}

function riskSummary(risk: SeenRisk, format: CatchUpFormat): string {
  const parts = [`new ${risk.kind}`, `probability ${risk.probability} × impact ${risk.impact}`];
  if (risk.impactValue !== undefined) parts.push(`${format.money(risk.impactValue)} at stake`);
  if (risk.owner) parts.push(`owner ${risk.owner}`);
  if (risk.status !== 'open') parts.push(risk.status);
  return parts.join(' · ');
}

function riskChanges(was: SeenRisk, risk: SeenRisk, format: CatchUpFormat): string[] {
  const parts: string[] = [];
  if (was.kind !== risk.kind) parts.push(`now ${article(risk.kind)} ${risk.kind}`);
  if (was.status !== risk.status) parts.push(`status ${was.status} → ${risk.status}`);
  if (was.probability !== risk.probability) {
    parts.push(`probability ${was.probability} → ${risk.probability}`);
  }
  if (was.impact !== risk.impact) parts.push(`impact ${was.impact} → ${risk.impact}`);
  if (was.impactValue !== risk.impactValue) {
    const text = (value: number | undefined) =>
      value === undefined ? 'not set' : format.money(value);
    parts.push(`at stake ${text(was.impactValue)} → ${text(risk.impactValue)}`);
  }
  if (!sameName(was.owner, risk.owner)) parts.push(ownerChange(was.owner, risk.owner));
  if (was.title !== risk.title) parts.push(`renamed from: ${was.title}`);
  return parts;
}

function agendaEntries(
  before: SeenProjection,
  now: SeenProjection,
  format: CatchUpFormat,
): CatchUpEntry[] {
  const entries: CatchUpEntry[] = [];
  for (const [id, item] of Object.entries(now.agenda)) {
    const was = own(before.agenda, id)?.outcome;
    const entry = (change: CatchUpChange, detail: string): CatchUpEntry => ({
      kind: 'agenda',
      change,
      id,
      title: item.title,
      detail,
      link: { view: 'meeting', item: id },
    });
    if (item.outcome && !sameOutcome(was, item.outcome)) {
      entries.push(
        entry('closed', `${outcomeWords(item.outcome, now, format)} · by ${item.outcome.by}`),
      );
    } else if (!item.outcome && was) {
      entries.push(entry('changed', 'reopened: its outcome was withdrawn'));
    }
  }
  return entries;
}

type Outcome = NonNullable<SeenAgendaItem['outcome']>;

function sameOutcome(a: Outcome | undefined, b: Outcome): boolean {
  return a !== undefined && a.kind === b.kind && a.ref === b.ref && a.by === b.by && a.at === b.at;
}

function outcomeWords(outcome: Outcome, now: SeenProjection, format: CatchUpFormat): string {
  if (outcome.kind === 'noted') return 'noted, no decision needed';
  if (outcome.kind === 'decision') {
    const decision = outcome.ref ? own(now.decisions, outcome.ref) : undefined;
    if (!decision) return 'closed with a decision';
    const chosen = decision.chosen ? ` — ${decision.chosen}` : '';
    return `closed with a decision: ${decision.question}${chosen}`;
  }
  const action = outcome.ref ? own(now.actions, outcome.ref) : undefined;
  if (!action) return 'closed with an action';
  return `closed with an action: ${action.title} (owner ${action.owner}, due ${format.day(action.due)})`;
}

function planEntries(
  before: SeenProjection,
  now: SeenProjection,
  format: CatchUpFormat,
): CatchUpEntry[] {
  // No plan now (not loaded, or invalid for a moment) is not a change of every family.
  if (Object.keys(now.families).length === 0) return [];
  const ids = [...new Set([...Object.keys(before.families), ...Object.keys(now.families)])];
  const candidates: { entry: CatchUpEntry; revenue: number; units: number }[] = [];
  for (const id of ids) {
    const was = own(before.families, id);
    const is = own(now.families, id);
    const plan = {
      revenue: delta(was?.revenue ?? 0, is?.revenue ?? 0),
      demand: delta(was?.demand ?? 0, is?.demand ?? 0),
      supply: delta(was?.supply ?? 0, is?.supply ?? 0),
    };
    let change: CatchUpChange;
    let detail: string;
    if (was && is) {
      if (!isSignificant(was, plan)) continue;
      change = 'changed';
      detail = familyChanges(plan, format);
    } else if (is) {
      change = 'new';
      detail = `new in the plan: revenue ${format.money(is.revenue)}, demand ${format.quantity(is.demand)} ${units(is.demand)}`;
    } else {
      change = 'removed';
      detail = `removed from the plan: revenue was ${format.money(was!.revenue)}`;
    }
    candidates.push({
      entry: {
        kind: 'plan',
        change,
        id,
        title: (is ?? was!).name,
        detail,
        link: { view: 'plan', item: is ? id : null },
        plan,
      },
      revenue: Math.abs(plan.revenue.delta),
      units: Math.abs(plan.demand.delta) + Math.abs(plan.supply.delta),
    });
  }
  candidates.sort(
    (a, b) => b.revenue - a.revenue || b.units - a.units || compareText(a.entry.id, b.entry.id),
  );
  return candidates.slice(0, PLAN_CHANGES_SHOWN).map((candidate) => candidate.entry);
}

function delta(before: number, now: number): CatchUpDelta {
  const change = now - before;
  return { before, now, delta: change, pct: before === 0 ? null : change / before };
}

function isSignificant(was: SeenFamily, plan: NonNullable<CatchUpEntry['plan']>): boolean {
  const { units, revenueShare } = PLAN_CHANGE_THRESHOLD;
  return (
    Math.abs(plan.demand.delta) >= units ||
    Math.abs(plan.supply.delta) >= units ||
    Math.abs(plan.revenue.delta) >= Math.max(1, revenueShare * Math.abs(was.revenue))
  );
}

function familyChanges(plan: NonNullable<CatchUpEntry['plan']>, format: CatchUpFormat): string {
  const pct = (change: CatchUpDelta) =>
    change.pct === null ? '' : ` (${format.signedPercent(change.pct)})`;
  const parts = [
    Math.abs(plan.revenue.delta) < 0.5
      ? 'revenue unchanged'
      : `revenue ${format.signedMoney(plan.revenue.delta)}${pct(plan.revenue)}`,
  ];
  for (const measure of ['demand', 'supply'] as const) {
    const change = plan[measure];
    if (Math.abs(change.delta) >= PLAN_CHANGE_THRESHOLD.units) {
      parts.push(
        `${measure} ${format.signedQuantity(change.delta)} ${units(change.delta)}${pct(change)}`,
      );
    }
  }
  return parts.join(' · ');
}

function units(value: number): string {
  return Math.round(Math.abs(value)) === 1 ? 'unit' : 'units';
}

function byChangeThenTitle(entries: CatchUpEntry[]): CatchUpEntry[] {
  return entries.sort(
    (a, b) =>
      CHANGE_RANK[a.change] - CHANGE_RANK[b.change] ||
      compareText(a.title, b.title) ||
      compareText(a.id, b.id),
  );
}

/** Agenda entries in the agenda's order (its items' positions), then by id. */
function inAgendaOrder(entries: CatchUpEntry[], now: SeenProjection): CatchUpEntry[] {
  const position = (id: string) => own(now.agenda, id)?.order ?? Number.POSITIVE_INFINITY;
  return entries.sort((a, b) => {
    const [pa, pb] = [position(a.id), position(b.id)];
    return (pa === pb ? 0 : pa < pb ? -1 : 1) || compareText(a.id, b.id);
  });
}

function ownerChange(was: string | undefined, now: string | undefined): string {
  if (!was) return `owner set to ${now}`;
  if (!now) return `owner ${was} removed`;
  return `owner ${was} → ${now}`;
}

/** The same person: names compare without case and surrounding spaces. */
function sameName(a: string | undefined, b: string | undefined): boolean {
  return (a ?? '').trim().toLowerCase() === (b ?? '').trim().toLowerCase();
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

/** A record's own entry: never one inherited from Object.prototype. */
function own<T>(records: Record<string, T>, id: string): T | undefined {
  return Object.hasOwn(records, id) ? records[id] : undefined;
}

/** Code-unit order, never the locale's: every device sorts alike. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
