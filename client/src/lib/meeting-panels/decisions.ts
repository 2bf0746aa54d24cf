import type { WithId } from '../../../../shared/doc/index.ts';
import type { Decision } from '../../../../shared/schema/records.ts';

/** Decisions still to take (proposed or deferred), soonest due first, undated last. */
export function openDecisions(decisions: WithId<Decision>[]): WithId<Decision>[] {
  return decisions
    .filter((decision) => decision.status === 'proposed' || decision.status === 'deferred')
    .sort(
      (a, b) =>
        (a.due ?? '9999').localeCompare(b.due ?? '9999') || a.question.localeCompare(b.question),
    );
}
