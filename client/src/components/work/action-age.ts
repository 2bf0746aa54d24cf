import { calendarDay, daysBetween } from '../../../../shared/dates.ts';
import { countOf } from '../../lib/count.ts';

/** What an open action's age column says: days since it was created, or that it is unknown. */
export type ActionAge =
  { known: true; days: number; text: string } | { known: false; text: string; title: string };

/**
 * How old an open action is, counted in calendar days on this device from its creation
 * time (`createdAt`) to `today` (`YYYY-MM-DD`): "today" for one made today. An action
 * made before creation times were kept has none, and its age is "unknown" rather than
 * a number counted from the first of the month. Null for a closed action (no age shown).
 */
export function actionAge(
  action: { readonly [field: string]: unknown },
  today: string,
): ActionAge | null {
  if (action.status !== 'open') return null;
  const created = typeof action.createdAt === 'string' ? new Date(action.createdAt) : null;
  if (created === null || Number.isNaN(created.getTime())) {
    return {
      known: false,
      text: 'age unknown',
      title: 'Created before Fulcrum kept creation times',
    };
  }
  const days = Math.max(0, daysBetween(calendarDay(created), today));
  return { known: true, days, text: days === 0 ? 'today' : countOf(days, 'day') };
}
