/**
 * The Plan view's panels below its grids that most people open rarely: the month's
 * actuals and the plan's settings. Loaded together on first use (see
 * `loadPlanPanels` in views/lazy-views.ts), so they stay out of the first download.
 */
export { default as EndingActualsPanel } from './EndingActualsPanel.svelte';
export { default as PlanSettingsPanel } from './PlanSettingsPanel.svelte';
