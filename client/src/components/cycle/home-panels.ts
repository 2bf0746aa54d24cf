/**
 * The home view's panels for running the workspace (a new cycle, a cycle file, the
 * people), loaded as the home view shows: an invite link's first visit goes on to the
 * newest cycle at once, so the page's first download leaves them out.
 */
export { default as ImportCycleFile } from './ImportCycleFile.svelte';
export { default as NewCycleForm } from './NewCycleForm.svelte';
export { default as PeoplePanel } from '../work/PeoplePanel.svelte';
