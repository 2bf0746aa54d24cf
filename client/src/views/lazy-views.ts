import type { Component } from 'svelte';
import type { CycleSession } from '../state/cycle-session.svelte.ts';
import type { ViewId } from '../state/router.svelte.ts';

/** The props every view of a cycle takes. */
export interface ViewProps {
  session: CycleSession;
  go: (view: ViewId, item?: string | null) => void;
  item?: string | null;
}

type ViewModule = { default: Component<ViewProps> };

/**
 * The views other than the plan, each loaded on first use: the plan is what opens first
 * and must be interactive fast, so the page's first download carries only it (the
 * initial-bundle goal is measured by `npm run bench`). Once loaded, a view stays loaded.
 */
const LOADERS: Record<Exclude<ViewId, 'plan'>, () => Promise<ViewModule>> = {
  scenarios: () => import('./ScenariosView.svelte') as Promise<ViewModule>,
  gaps: () => import('./GapsView.svelte') as Promise<ViewModule>,
  meeting: () => import('./MeetingView.svelte') as Promise<ViewModule>,
  risks: () => import('./RisksView.svelte') as Promise<ViewModule>,
  decisions: () => import('./DecisionsView.svelte') as Promise<ViewModule>,
  actions: () => import('./ActionsView.svelte') as Promise<ViewModule>,
  npi: () => import('./NpiView.svelte') as Promise<ViewModule>,
  stages: () => import('./StagesView.svelte') as Promise<ViewModule>,
  minutes: () => import('./MinutesView.svelte') as Promise<ViewModule>,
  catchup: () => import('./CatchUpView.svelte') as Promise<ViewModule>,
  history: () => import('./HistoryView.svelte') as Promise<ViewModule>,
};

const loaded = new Map<ViewId, () => Promise<Component<ViewProps>>>();

/** The component of a view, loading it the first time. A failed load is retried next time. */
export function loadView(view: Exclude<ViewId, 'plan'>): Promise<Component<ViewProps>> {
  let load = loaded.get(view);
  if (!load) {
    load = loadOnce(() => LOADERS[view]().then((module) => module.default));
    loaded.set(view, load);
  }
  return load();
}

/**
 * A loader that runs `load` the first time it is called and then gives the same promise;
 * a load that fails is forgotten, so the next call tries again.
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () =>
    (pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    }));
}

/**
 * The Plan view's charts, loaded the first time they are shown: their components and
 * options stay out of the page's first download (Chart.js itself loads later still).
 */
export const loadPlanCharts = loadOnce(() =>
  import('../components/plan/PlanCharts.svelte').then((module) => module.default),
);

/**
 * The Plan view's grids below the family plan (budgets, capacity, family and resource
 * setup), drawn a frame after it: loaded then, so the first download carries only the
 * grid people type demand and supply into.
 */
export const loadPlanGrids = loadOnce(() => import('../components/plan/lower-grids.ts'));

/**
 * The Plan view's actuals and settings panels, loaded the first time the grids below the
 * family plan are shown: they and what they compute (performance, the roll-over preview)
 * stay out of the page's first download.
 */
export const loadPlanPanels = loadOnce(() => import('../components/plan/extra-panels.ts'));

/**
 * The demand review's statistical baseline panel, loaded the first time it is shown: it
 * and its table stay out of the page's first download (the forecast itself runs in a
 * worker of its own chunk).
 */
export const loadBaselinePanel = loadOnce(() =>
  import('../components/demand/BaselinePanel.svelte').then((module) => module.default),
);

/**
 * The breakdown of a demand cell into its streams, loaded the first time a cell's
 * breakdown opens (Alt+Enter, a right click or typing into an adjusted cell).
 */
export const loadStreamsDialog = loadOnce(() =>
  import('../components/demand/StreamsDialog.svelte').then((module) => module.default),
);
