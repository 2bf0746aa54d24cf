import * as v from 'valibot';
import type { WithId } from '../doc/index.ts';
import type { Reconciliation } from '../engine/index.ts';
import {
  actionSchema,
  agendaItemSchema,
  decisionSchema,
  outcomeSchema,
  riskSchema,
  type Action,
  type AgendaItem,
  type Decision,
  type Risk,
} from '../schema/records.ts';

/**
 * What a person last saw of a cycle, kept on their device so that "Since you were here"
 * can list what changed after. A plain projection of the cycle: the fields of decisions,
 * actions, risks and agenda outcomes a catch-up speaks of, and each family's horizon
 * totals from the engine (no plan cells), so it stays small for the 500-family cycle.
 */
export interface SeenProjection {
  version: 1;
  /** When it was taken (ISO time): "Since you were here on 3 Dec, 14:05". */
  at: string;
  /** True once the person looked at the list with this as what they had seen. */
  reviewed?: boolean;
  /** Set on a baseline taken from the meeting's start or the cycle's opening. */
  from?: 'meeting' | 'cycleOpened';
  decisions: Record<string, SeenDecision>;
  actions: Record<string, SeenAction>;
  risks: Record<string, SeenRisk>;
  agenda: Record<string, SeenAgendaItem>;
  families: Record<string, SeenFamily>;
}

/** A decision as seen. */
export interface SeenDecision {
  question: string;
  status: Decision['status'];
  chosen?: string;
  owner?: string;
}

/** An action as seen. */
export interface SeenAction {
  title: string;
  owner: string;
  status: Action['status'];
  due: string;
}

/** A risk or opportunity as seen; `impactValue` is its impact in money. */
export interface SeenRisk {
  title: string;
  kind: Risk['kind'];
  status: Risk['status'];
  probability: number;
  impact: number;
  impactValue?: number;
  owner?: string;
}

/** An agenda item as seen, with its outcome once closed. */
export interface SeenAgendaItem {
  title: string;
  /** Its place on the agenda: the catch-up lists items in agenda order. */
  order?: number;
  outcome?: { kind: 'decision' | 'action' | 'noted'; ref?: string; by: string; at: string };
}

/** A product family's totals over the horizon as seen: units and money. */
export interface SeenFamily {
  name: string;
  demand: number;
  supply: number;
  revenue: number;
}

/** The work records and engine result a projection is taken from. */
export interface SeenSource {
  decisions: readonly WithId<Decision>[];
  actions: readonly WithId<Action>[];
  risks: readonly WithId<Risk>[];
  agenda: readonly WithId<AgendaItem>[];
  /** The engine's reconciliation; null when the cycle has no valid plan (no families then). */
  result: Reconciliation | null;
}

/**
 * The projection of a cycle's records and engine result, taken at `now`. Records are
 * the checked ones the document reader returns (`readCatchUpRecords` in shared/doc; ids
 * keep their own keys, so any id is a safe key); optional fields that are not set are
 * left out.
 */
export function projectSeen(source: SeenSource, now: Date): SeenProjection {
  const byId = <T extends { id: string }, S>(records: readonly T[], pick: (record: T) => S) =>
    Object.fromEntries(records.map((record) => [record.id, pick(record)])) as Record<string, S>;
  return {
    version: 1,
    at: now.toISOString(),
    decisions: byId(source.decisions, (d) =>
      defined({ question: d.question, status: d.status, chosen: d.chosen, owner: d.owner }),
    ),
    actions: byId(source.actions, (a) => ({
      title: a.title,
      owner: a.owner,
      status: a.status,
      due: a.due,
    })),
    risks: byId(source.risks, (r) =>
      defined({
        title: r.title,
        kind: r.kind,
        status: r.status,
        probability: r.probability,
        impact: r.impact,
        impactValue: r.impactValue,
        owner: r.owner,
      }),
    ),
    agenda: byId(source.agenda, (item) =>
      defined({
        title: item.title,
        order: item.order,
        outcome: item.outcome
          ? defined({
              kind: item.outcome.kind,
              ref: item.outcome.ref,
              by: item.outcome.by,
              at: item.outcome.at,
            })
          : undefined,
      }),
    ),
    families: byId(source.result?.families ?? [], (family) => ({
      name: family.name,
      demand: family.totals.demand,
      supply: family.totals.supply,
      revenue: family.totals.revenue,
    })),
  };
}

const money = v.pipe(v.number(), v.finite());
const record = <S extends v.GenericSchema>(schema: S) => v.record(v.string(), schema);

/** The schema of a stored projection: what a device read back is checked against. */
export const seenProjectionSchema = v.strictObject({
  version: v.literal(1),
  at: v.pipe(v.string(), v.isoTimestamp()),
  reviewed: v.optional(v.boolean()),
  from: v.optional(v.picklist(['meeting', 'cycleOpened'])),
  decisions: record(
    v.strictObject({
      question: decisionSchema.entries.question,
      status: decisionSchema.entries.status,
      chosen: decisionSchema.entries.chosen,
      owner: decisionSchema.entries.owner,
    }),
  ),
  actions: record(
    v.strictObject({
      title: actionSchema.entries.title,
      owner: v.string(),
      status: actionSchema.entries.status,
      due: actionSchema.entries.due,
    }),
  ),
  risks: record(
    v.strictObject({
      title: riskSchema.entries.title,
      kind: riskSchema.entries.kind,
      status: riskSchema.entries.status,
      probability: riskSchema.entries.probability,
      impact: riskSchema.entries.impact,
      impactValue: riskSchema.entries.impactValue,
      owner: riskSchema.entries.owner,
    }),
  ),
  agenda: record(
    v.strictObject({
      title: agendaItemSchema.entries.title,
      order: v.optional(agendaItemSchema.entries.order),
      outcome: v.optional(outcomeSchema),
    }),
  ),
  families: record(
    v.strictObject({ name: v.string(), demand: money, supply: money, revenue: money }),
  ),
});

/**
 * Reads a stored projection back: the projection when it is one of this version, else
 * null (an older or damaged copy is no baseline; a fresh one is taken instead).
 */
export function parseSeenProjection(value: unknown): SeenProjection | null {
  const parsed = v.safeParse(seenProjectionSchema, value);
  return parsed.success ? (parsed.output as SeenProjection) : null;
}

/** The object without its undefined fields, so a projection is the same after a store round trip. */
function defined<T extends object>(fields: T): T {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as T;
}
