import { addRisk, type CycleDoc } from '../../shared/doc/index.ts';
import { addMonths } from '../../shared/engine/index.ts';

/** The open risk the browser tests' meetings discuss. */
export const RESIN_RISK = 'Resin supplier may miss February deliveries';

/**
 * The two records a test meeting's risk item shows: an open risk raised in `cycle`
 * (titled `title`), and an opportunity being pursued since the month before.
 */
export function addMeetingRisks(doc: CycleDoc, cycle: string, title = RESIN_RISK): void {
  addRisk(doc, {
    title,
    kind: 'risk',
    probability: 4,
    impact: 5,
    impactValue: 120_000,
    owner: 'Chen Li',
    status: 'open',
    raisedIn: cycle,
  });
  addRisk(doc, {
    title: 'Retailer promotion lifts espresso machine demand',
    kind: 'opportunity',
    probability: 3,
    impact: 3,
    impactValue: 45_000,
    owner: 'Ben Okafor',
    status: 'mitigating',
    raisedIn: addMonths(cycle, -1),
  });
}
