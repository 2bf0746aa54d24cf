import type { Accuracy, Reconciliation } from '../../../../shared/engine/index.ts';

/** Beyond this size the tracking signal raises an alarm (domain.md 4.7). */
export const TRACKING_ALARM = 4;

/** A family's forecast accuracy, named. */
export interface FamilyAccuracy extends Accuracy {
  id: string;
  name: string;
  isAlarm: boolean;
}

/**
 * Forecast accuracy pooled and per family, families with history only, least accurate
 * (highest WMAPE) first; and how many families' tracking signals are in alarm.
 */
export function accuracyReport(result: Reconciliation): {
  total: Accuracy;
  families: FamilyAccuracy[];
  alarms: number;
} {
  const families: FamilyAccuracy[] = [];
  for (const family of result.families) {
    const accuracy = result.accuracy.families[family.id];
    if (!accuracy || accuracy.points === 0) continue;
    families.push({
      ...accuracy,
      id: family.id,
      name: family.name,
      isAlarm: isTrackingAlarm(accuracy.trackingSignal),
    });
  }
  families.sort(
    (a, b) =>
      (b.wmape ?? -Infinity) - (a.wmape ?? -Infinity) ||
      a.name.localeCompare(b.name) ||
      (a.id < b.id ? -1 : 1),
  );
  return {
    total: result.accuracy.total,
    families,
    alarms: families.filter((family) => family.isAlarm).length,
  };
}

/** True when a tracking signal is beyond the alarm limit. */
export function isTrackingAlarm(signal: number | null): boolean {
  return signal !== null && Math.abs(signal) > TRACKING_ALARM;
}
