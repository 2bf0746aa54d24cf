import type { Gap, Reconciliation } from '../../../../shared/engine/index.ts';

/** Gaps of some kinds, with the name of their family or resource. */
export interface NamedGap extends Gap {
  name: string;
}

/** The name of a gap's subject: its family's, or its resource's for an overload. */
export function nameGaps(result: Reconciliation, gaps: Gap[]): NamedGap[] {
  const families = new Map(result.families.map((family) => [family.id, family.name]));
  const resources = new Map(result.resources.map((resource) => [resource.id, resource.name]));
  return gaps.map((gap) => ({
    ...gap,
    name:
      (gap.kind === 'overload' ? resources.get(gap.subject) : families.get(gap.subject)) ??
      gap.subject,
  }));
}
