import type { Formatters } from '../../lib/format.ts';
import type { CycleSession, ReconciledPlan } from '../../state/cycle-session.svelte.ts';
import type { ViewId } from '../../state/router.svelte.ts';

/** The props of the panels that list the cycle's records, each linking to its view. */
export interface RecordPanelProps {
  session: CycleSession;
  go: (view: ViewId, item?: string | null) => void;
  format: Formatters;
}

/** The props of the panels that read the plan's reconciliation. */
export interface LiveDataProps {
  /** The live plan with its results (a new value per plan version, see `LivePlan`). */
  live: ReconciledPlan;
  format: Formatters;
}
