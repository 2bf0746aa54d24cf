import type { WithId } from '../../../../shared/doc/index.ts';
import type { Risk } from '../../../../shared/schema/records.ts';
import { riskScore } from '../../../../shared/schema/risk-band.ts';

/** Risks and opportunities not closed, highest score first, then money at stake. */
export function openRisks(risks: WithId<Risk>[]): WithId<Risk>[] {
  return risks
    .filter((risk) => risk.status !== 'closed')
    .sort(
      (a, b) =>
        riskScore(b) - riskScore(a) ||
        (b.impactValue ?? 0) - (a.impactValue ?? 0) ||
        a.title.localeCompare(b.title),
    );
}
