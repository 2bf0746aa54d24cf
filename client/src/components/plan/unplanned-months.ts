import type { Formatters } from '../../lib/format.ts';
import type { SheetColumn } from '../../state/plan-grid.svelte.ts';

/**
 * The month columns with a "No inputs yet" chip on each month nobody has planned
 * (`unplanned`: the months, space-separated), so a month a roll-over added does not
 * pass for a month of zeros. The same columns come back when no month is unplanned.
 */
export function withUnplannedBadges(
  columns: SheetColumn[],
  unplanned: string,
  format: Formatters,
): SheetColumn[] {
  if (unplanned === '') return columns;
  const months = new Set(unplanned.split(' '));
  return columns.map((column) =>
    months.has(column.key)
      ? {
          ...column,
          badge: {
            text: 'No inputs yet',
            tone: 'warn',
            description: `No inputs yet: no family has demand or supply and no resource has capacity in ${format.monthLong(column.key)}. Its zeros are not a plan.`,
          },
        }
      : column,
  );
}
