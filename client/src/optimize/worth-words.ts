import type { Month, Plan } from '../../../shared/engine/types.ts';
import type { ConstrainedPlan, CostLines } from '../../../shared/optimize/supply-solution.ts';

/**
 * The constrained plan's findings as the page words them: what one more hour of each
 * binding resource-month is worth, what holds each family's backlog, and the cost lines.
 */

/** How the page formats money and months (see `Formatters`). */
export interface WorthFormat {
  money(value: number): string;
  moneyInput(value: number): string;
  quantity(value: number): string;
  month(month: Month): string;
}

/** One binding resource-month, in words. */
export interface BindingLine {
  resource: string;
  month: Month;
  valuePerHour: number;
  /** `€12.50` (cents under €100, whole above). */
  value: string;
  /** `One more hour on Paint shop 1 in Mar 2027 is worth €12.50`. */
  sentence: string;
  /** `20 h of overtime used`, or `no overtime` (none allowed or none worth it). */
  overtime: string;
}

/** One family that still owes units, and what holds its backlog, in words. */
export interface CauseLine {
  family: string;
  peak: string;
  /** `Paint shop 1 (Mar 2027, Apr 2027)`, `its maximum supply`, or why nothing binds. */
  heldBy: string;
  /** What kind of hold: a resource, the family's maximum, or no constraint. */
  kind: 'resource' | 'maximum' | 'none';
}

/** Money per hour: cents below 100, whole above. */
export function perHour(value: number, format: WorthFormat): string {
  return value < 100 ? format.moneyInput(Math.round(value * 100) / 100) : format.money(value);
}

/** The binding resource-months, most valuable first, as sentences. */
export function bindingLines(
  plan: Plan,
  constrained: ConstrainedPlan,
  format: WorthFormat,
): BindingLine[] {
  const names = new Map(plan.resources.map((resource) => [resource.id, resource.name]));
  return constrained.binding.map((entry) => {
    const resource = names.get(entry.resource) ?? entry.resource;
    const value = perHour(entry.valuePerHour, format);
    return {
      resource,
      month: entry.month,
      valuePerHour: entry.valuePerHour,
      value,
      sentence: `One more hour on ${resource} in ${format.month(entry.month)} is worth ${value}`,
      overtime:
        entry.overtime > 0
          ? `${format.quantity(entry.overtime)} h of overtime used`
          : 'no overtime',
    };
  });
}

/** Per family that still owes units, what holds its backlog, in the plan's order. */
export function causeLines(
  plan: Plan,
  constrained: ConstrainedPlan,
  format: WorthFormat,
): CauseLine[] {
  const resources = new Map(plan.resources.map((resource) => [resource.id, resource.name]));
  const families = new Map(plan.families.map((family) => [family.id, family.name]));
  return constrained.causes.map((cause) => {
    const months = new Map<string, Month[]>();
    for (const { resource, month } of cause.binding) {
      const name = resources.get(resource) ?? resource;
      months.set(name, [...(months.get(name) ?? []), month]);
    }
    const held = [...months].map(([name, list]) => {
      const shown = list.slice(0, 3).map(format.month).join(', ');
      return `${name} (${shown}${list.length > 3 ? ` and ${list.length - 3} more months` : ''})`;
    });
    const kind: CauseLine['kind'] =
      held.length > 0 ? 'resource' : cause.atMaximum ? 'maximum' : 'none';
    const heldBy =
      kind === 'resource'
        ? held.join('; ') + (cause.atMaximum ? '; and its maximum supply' : '')
        : kind === 'maximum'
          ? 'its maximum supply'
          : 'no constraint: owing costs less than any lever';
    return {
      family: families.get(cause.family) ?? cause.family,
      peak: `${format.quantity(cause.peakBacklog)} units in ${format.month(cause.peakMonth)}`,
      heldBy,
      kind,
    };
  });
}

/** The cost lines in the order the page lists them, with their words. */
export const COST_LINES: readonly { key: keyof CostLines; label: string }[] = [
  { key: 'holding', label: 'Holding stock' },
  { key: 'backlog', label: 'Backlog, per month late' },
  { key: 'unshipped', label: "Still owed at the horizon's end" },
  { key: 'overtime', label: 'Overtime' },
  { key: 'safetyShortfall', label: 'Below safety stock' },
  { key: 'planChange', label: 'Plan change' },
  { key: 'total', label: 'Total' },
];
