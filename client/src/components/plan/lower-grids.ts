/**
 * The Plan view's grids below the family plan: budgets, capacity, family setup and
 * resource setup. Loaded together a frame after the family plan is drawn (see
 * `loadPlanGrids` in views/lazy-views.ts), so they stay out of the first download.
 */
export { default as BudgetGrid } from './BudgetGrid.svelte';
export { default as CapacityGrid } from './CapacityGrid.svelte';
export { default as FamilySetupGrid } from './FamilySetupGrid.svelte';
export { default as ResourceSetupGrid } from './ResourceSetupGrid.svelte';
