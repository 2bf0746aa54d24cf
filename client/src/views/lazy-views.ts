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

const loaded = new Map<ViewId, Promise<Component<ViewProps>>>();

/** The component of a view, loading it the first time. A failed load is retried next time. */
export function loadView(view: Exclude<ViewId, 'plan'>): Promise<Component<ViewProps>> {
  let found = loaded.get(view);
  if (!found) {
    found = LOADERS[view]().then(
      (module) => module.default,
      (error: unknown) => {
        loaded.delete(view);
        throw error;
      },
    );
    loaded.set(view, found);
  }
  return found;
}

type PlanChartsModule = typeof import('../components/plan/PlanCharts.svelte');
let planCharts: Promise<PlanChartsModule['default']> | undefined;

/**
 * The Plan view's charts, loaded the first time they are shown: their components and
 * options stay out of the page's first download (Chart.js itself loads later still). A
 * failed load is retried the next time.
 */
export function loadPlanCharts(): Promise<PlanChartsModule['default']> {
  planCharts ??= import('../components/plan/PlanCharts.svelte').then(
    (module) => module.default,
    (error: unknown) => {
      planCharts = undefined;
      throw error;
    },
  );
  return planCharts;
}

type PlanPanelsModule = typeof import('../components/plan/extra-panels.ts');
let planPanels: Promise<PlanPanelsModule> | undefined;

/**
 * The Plan view's actuals and settings panels, loaded the first time the grids below the
 * family plan are shown: they and what they compute (performance, the roll-over preview)
 * stay out of the page's first download. A failed load is retried the next time.
 */
export function loadPlanPanels(): Promise<PlanPanelsModule> {
  planPanels ??= import('../components/plan/extra-panels.ts').catch((error: unknown) => {
    planPanels = undefined;
    throw error;
  });
  return planPanels;
}

type BaselinePanelModule = typeof import('../components/demand/BaselinePanel.svelte');
let baselinePanel: Promise<BaselinePanelModule['default']> | undefined;

/**
 * The demand review's statistical baseline panel, loaded the first time it is shown: it
 * and its table stay out of the page's first download (the forecast itself runs in a
 * worker of its own chunk). A failed load is retried the next time.
 */
export function loadBaselinePanel(): Promise<BaselinePanelModule['default']> {
  baselinePanel ??= import('../components/demand/BaselinePanel.svelte').then(
    (module) => module.default,
    (error: unknown) => {
      baselinePanel = undefined;
      throw error;
    },
  );
  return baselinePanel;
}
