import { setExtraHourCost } from '../../../shared/doc/index.ts';
import { checkPlanNumber } from '../../../shared/engine/plausibility.ts';
import type { CycleSession } from './cycle-session.svelte.ts';
import type { SheetModel } from './plan-grid.svelte.ts';

/** The one column of the resource setup, by the name people read. */
export const EXTRA_HOUR_COST = 'Cost per extra hour';

/**
 * The resource setup as a sheet: one row per key resource, what one hour above its base
 * capacity costs (setExtraHourCost; empty: capacity above the base plan is free). A
 * scenario that adds capacity pays it for the hours it uses.
 */
export function resourceSetupModel(options: { session: () => CycleSession }): SheetModel {
  const session = () => options.session();
  const resources = () => session().live.plan?.resources ?? [];
  return {
    groups: () => resources().map((resource) => resource.id),
    rowsPerGroup: () => 1,
    columns: () => 1,
    cell(at) {
      const resource = resources().find((r) => r.id === at.group);
      if (!resource || at.col !== 0) return null;
      return {
        measure: EXTRA_HOUR_COST,
        editable: !session().isReadOnly,
        value: resource.extraHourCost ?? null,
      };
    },
    write(at, value) {
      const verdict = checkPlanNumber(value, EXTRA_HOUR_COST);
      if (!verdict.ok) return verdict.message;
      const result = session().act((doc) =>
        setExtraHourCost(doc, at.group, value === null ? undefined : value),
      );
      return result.ok ? null : result.error;
    },
    focus: () => session().setFocus(null),
    undo: () => session().undo(),
    redo: () => session().redo(),
  };
}
