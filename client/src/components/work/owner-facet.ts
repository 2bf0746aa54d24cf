import type { Facet } from '../../lib/facets.ts';
import type { WorkItem } from '../../lib/work-kinds.ts';

/** The owner filter's value for items nobody owns yet. */
export const NO_OWNER = '(no owner)';

/**
 * The owner filter every work list has: one option per owner named in the list, the
 * person's own name first and marked, and items with no owner under "No owner".
 */
export function ownerFacet(items: readonly WorkItem[], me: string): Facet<WorkItem> {
  const owners = new Set<string>();
  let unowned = false;
  for (const item of items) {
    if (typeof item.owner === 'string' && item.owner) owners.add(item.owner);
    else unowned = true;
  }
  const names = [...owners].sort((a, b) => (a === me ? -1 : b === me ? 1 : a.localeCompare(b)));
  return {
    key: 'owner',
    label: 'Owner',
    allLabel: 'Any owner',
    control: 'select',
    options: [
      ...names.map((name) => ({ value: name, label: name === me ? `${name} (you)` : name })),
      ...(unowned ? [{ value: NO_OWNER, label: 'No owner' }] : []),
    ],
    valueOf: (item) => (typeof item.owner === 'string' && item.owner ? item.owner : NO_OWNER),
  };
}
