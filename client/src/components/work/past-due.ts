import { formatDay } from '../../lib/format.ts';

/** A due date in the past, waiting for the person to confirm it. */
export interface PastDue {
  due: string;
  /** What the form says beside the date, naming the button that confirms it. */
  message(button: string): string;
}

/**
 * Whether a form's due date needs confirming before it is saved: a date (`YYYY-MM-DD`)
 * the person set or changed, before `today`, that they have not confirmed yet
 * (`confirmed`: the past date they already pressed save for). Null when it may be saved.
 */
export function pastDueCheck(
  due: unknown,
  changed: boolean,
  today: string,
  confirmed: string | null,
): PastDue | null {
  if (typeof due !== 'string' || !changed || due >= today || due === confirmed) return null;
  return {
    due,
    message: (button) =>
      `${formatDay(due)} is in the past. Press ${button} again to keep it, or choose a later date.`,
  };
}
