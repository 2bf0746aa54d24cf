import { type WithId } from '../../../shared/doc/index.ts';
import { scenarioFile } from '../../../shared/doc/scenario-commands.ts';
import { type ScenarioParseResult } from '../../../shared/engine/index.ts';
import { parseScenario, ScenarioBuffers } from '../../../shared/engine/scenario.ts';
import type { ScenarioOverrideRecord, ScenarioRecord } from '../../../shared/schema/records.ts';
import {
  compareScenarios,
  MAX_COMPARED_SCENARIOS,
  type ScenarioComparisonTable,
} from '../../../shared/scenarios/compare-scenarios.ts';
import type { CycleSession } from './cycle-session.svelte.ts';

/** One scenario of the cycle, its overrides in order, read against the plan. */
export interface ScenarioEntry {
  record: WithId<ScenarioRecord>;
  overrides: WithId<ScenarioOverrideRecord>[];
  reading: ScenarioParseResult | null;
  /** Problems of each override (by its index), in words (`From: must be a month…`). */
  problems: string[][];
  /** Problems not tied to one override. */
  otherProblems: string[];
}

const FIELD_WORD: Record<string, string> = {
  targets: 'Targets',
  from: 'From',
  to: 'To',
  value: 'Value',
  op: 'Operation',
  measure: 'Measure',
};

function problemsOf(reading: ScenarioParseResult | null, count: number) {
  const problems: string[][] = Array.from({ length: count }, () => []);
  const otherProblems: string[] = [];
  if (reading && !reading.ok) {
    for (const issue of reading.issues) {
      const match = /^overrides\.(\d+)(?:\.(\w+))?/.exec(issue.path);
      if (!match) {
        otherProblems.push(issue.path ? `${issue.path}: ${issue.message}` : issue.message);
        continue;
      }
      const index = Number(match[1]);
      const field =
        match[2] && match[2] !== 'targets' ? `${FIELD_WORD[match[2]] ?? match[2]}: ` : '';
      (problems[index] ??= []).push(`${field}${issue.message}`);
    }
  }
  return { problems, otherProblems };
}

/**
 * The scenarios of the open cycle, read against its plan, which of them are compared,
 * and the comparison with the baseline, recomputed whenever the plan or a scenario changes.
 */
export class ScenarioBoard {
  #session: () => CycleSession;
  /** The ids chosen for comparison; null: the first drafts that read without problems. */
  #chosen = $state<string[] | null>(null);
  /** Memory the live comparison reuses from one recomputation to the next. */
  readonly #buffers = new ScenarioBuffers();

  constructor(session: () => CycleSession) {
    this.#session = session;
  }

  readonly entries: ScenarioEntry[] = $derived.by(() => {
    const session = this.#session();
    const { plan } = session.live;
    const overrides = session.records('scenarioOverrides').records;
    return session.records('scenarios').records.map((record) => {
      const own = overrides
        .filter((item) => item.scenario === record.id)
        .sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      const reading = plan ? parseScenario(scenarioFile(record, own), plan) : null;
      return { record, overrides: own, reading, ...problemsOf(reading, own.length) };
    });
  });

  /** The ids compared with the baseline, at most five, in list order. */
  readonly compared: string[] = $derived.by(() => {
    const usable = this.entries.filter(
      (entry) => entry.reading?.ok && entry.record.status === 'draft',
    );
    const chosen = this.#chosen;
    const picked = chosen ? usable.filter((entry) => chosen.includes(entry.record.id)) : usable;
    return picked.slice(0, MAX_COMPARED_SCENARIOS).map((entry) => entry.record.id);
  });

  /** The baseline and the compared scenarios, or null without a plan. */
  readonly table: ScenarioComparisonTable | null = $derived.by(() => {
    const { plan } = this.#session().live;
    if (!plan) return null;
    return compareScenarios(
      plan,
      this.compared.flatMap((id) => {
        const entry = this.entries.find((candidate) => candidate.record.id === id);
        return entry?.reading?.ok
          ? [{ id, name: entry.record.name, scenario: entry.reading.scenario }]
          : [];
      }),
      this.#buffers,
    );
  });

  /** Whether one more scenario can join the comparison. */
  get isFull(): boolean {
    return this.compared.length >= MAX_COMPARED_SCENARIOS;
  }

  /** Adds a scenario to the comparison or takes it out. */
  toggle(id: string, on: boolean): void {
    const current = this.compared.filter((other) => other !== id);
    this.#chosen = on ? [...current, id] : current;
  }
}
