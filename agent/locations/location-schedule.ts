// When a location is validated and synced next, from its spec, its status and the agent's
// defaults (Velero's IsReadyToValidate and the backup sync's location filter).
import { parseDuration, parseTime, type BackupStorageLocation } from "../../lib/api/index.js";

/**
 * Milliseconds until the location should be validated again: 0 when due now, undefined when
 * never (validation frequency 0 after a first validation). Never validated ⇒ due. The
 * frequency is `spec.validationFrequency`, else `defaultMs`; a negative one means the default.
 */
export function validationDueInMs(
  location: BackupStorageLocation,
  defaultMs: number,
  now: Date,
): number | undefined {
  const last = location.status?.lastValidationTime;
  if (last === undefined) return 0;
  const frequency = periodOf(location.spec.validationFrequency, defaultMs);
  if (frequency === 0) return undefined;
  return Math.max(0, parseTime(last).getTime() + frequency - now.getTime());
}

/**
 * The location's backup sync period: `spec.backupSyncPeriod`, else `defaultMs`; 0 disables
 * periodic sync; a negative one means the default.
 */
export function syncPeriodMs(location: BackupStorageLocation, defaultMs: number): number {
  return periodOf(location.spec.backupSyncPeriod, defaultMs);
}

/**
 * Milliseconds until the next periodic sync: 0 when due (never synced, or the period has
 * passed since `status.lastSyncedTime`), undefined when periodic sync is disabled.
 */
export function syncDueInMs(
  location: BackupStorageLocation,
  defaultMs: number,
  now: Date,
): number | undefined {
  const period = syncPeriodMs(location, defaultMs);
  if (period === 0) return undefined;
  const last = location.status?.lastSyncedTime;
  if (last === undefined) return 0;
  return Math.max(0, parseTime(last).getTime() + period - now.getTime());
}

function periodOf(value: string | undefined, defaultMs: number): number {
  if (value === undefined) return defaultMs;
  const ms = parseDuration(value);
  return ms < 0 ? defaultMs : ms;
}
