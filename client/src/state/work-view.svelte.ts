import type { CycleSession } from './cycle-session.svelte.ts';
import { RecordList } from './record-list.svelte.ts';
import type { Facet } from '../lib/facets.ts';
import { provideWork, type Go, type WorkContext } from './work-context.svelte.ts';
import { itemTitle, type ItemSpec, type WorkItem } from '../lib/work-kinds.ts';

/** A work view's context and the list it shows. */
export interface WorkView {
  work: WorkContext;
  /** The kind's records in the view's order, narrowed by its facets. */
  list: RecordList<WorkItem>;
}

/**
 * What each work view (risks, decisions, actions, product development) starts with: its
 * work context put in place for the components below it, and the list of its kind's
 * records. `order` sorts them (items it calls equal go by title); `facets` are the
 * filters the view offers. Both may read the returned context: they run only once the
 * list is read.
 */
export function provideWorkView(
  session: () => CycleSession,
  go: () => Go,
  spec: ItemSpec,
  order: (a: WorkItem, b: WorkItem) => number,
  facets: () => readonly Facet<WorkItem>[],
): WorkView {
  const work = provideWork(session, go);
  const items = $derived(
    (session().records(spec.collection).records as unknown as WorkItem[])
      .slice()
      .sort((a, b) => order(a, b) || itemTitle(spec, a).localeCompare(itemTitle(spec, b))),
  );
  return { work, list: new RecordList<WorkItem>(() => items, facets) };
}
