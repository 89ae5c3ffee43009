// `restore get`, `schedule get`, `backup-location get` and `snapshot-location get` as tables,
// with Velero's columns and cell rules.
import type {
  BackupStorageLocation,
  Restore,
  Schedule,
  VolumeSnapshotLocation,
} from "../../lib/api/index.js";
import { formatLabelSelector } from "../flags/label-selector.js";
import { goDuration, timeFromNow } from "./go-values.js";
import { formatGoTime } from "./human-duration.js";
import { renderTable, withLabelColumns, type LabelColumns } from "./table.js";

const zeroGoTime = "0001-01-01 00:00:00 +0000 UTC";

/** A value-typed Go time (`metav1.Time.Time`): Go's zero time when unset. */
function goTimeValue(iso: string | undefined): string {
  return iso === undefined ? zeroGoTime : formatGoTime(iso);
}

/** The cells of one `restore get` row. */
export function restoreRow(restore: Restore): string[] {
  const status = restore.status ?? {};
  return [
    restore.metadata.name ?? "",
    restore.spec.backupName ?? "",
    status.phase ?? "New",
    formatGoTime(status.startTimestamp),
    formatGoTime(status.completionTimestamp),
    String(status.errors ?? 0),
    String(status.warnings ?? 0),
    goTimeValue(restore.metadata.creationTimestamp),
    formatLabelSelector(restore.spec.labelSelector),
  ];
}

/** The `restore get` table (server order). */
export function renderRestoreTable(
  restores: readonly Restore[],
  labels: LabelColumns = {},
): string {
  const headers = ["Name", "Backup", "Status", "Started", "Completed", "Errors", "Warnings"];
  const rows = restores.map((r) => ({ cells: restoreRow(r), labels: r.metadata.labels }));
  return renderTable(withLabelColumns([...headers, "Created", "Selector"], rows, labels));
}

/** The cells of one `schedule get` row. */
export function scheduleRow(schedule: Schedule, now: Date): string[] {
  const lastBackup = schedule.status?.lastBackup;
  return [
    schedule.metadata.name ?? "",
    schedule.status?.phase ?? "New",
    goTimeValue(schedule.metadata.creationTimestamp),
    schedule.spec.schedule,
    goDuration(schedule.spec.template.ttl),
    timeFromNow(lastBackup === undefined ? undefined : new Date(lastBackup), now),
    formatLabelSelector(schedule.spec.template.labelSelector),
    String(schedule.spec.paused ?? false),
  ];
}

/** The `schedule get` table (server order). */
export function renderScheduleTable(
  schedules: readonly Schedule[],
  now: Date,
  labels: LabelColumns = {},
): string {
  const headers = ["Name", "Status", "Created", "Schedule", "Backup TTL", "Last Backup"];
  const rows = schedules.map((s) => ({ cells: scheduleRow(s, now), labels: s.metadata.labels }));
  return renderTable(withLabelColumns([...headers, "Selector", "Paused"], rows, labels));
}

/** The cells of one `backup-location get` row. */
export function backupLocationRow(location: BackupStorageLocation): string[] {
  const storage = location.spec.objectStorage;
  const prefix = storage.prefix ?? "";
  const validated = location.status?.lastValidationTime;
  return [
    location.metadata.name ?? "",
    location.spec.provider,
    prefix === "" ? storage.bucket : `${storage.bucket}/${prefix}`,
    location.status?.phase ?? "Unknown",
    validated === undefined ? "Unknown" : formatGoTime(validated),
    location.spec.accessMode ?? "ReadWrite",
    location.spec.default === true ? "true" : "",
  ];
}

/** The `backup-location get` table (server order). */
export function renderBackupLocationTable(
  locations: readonly BackupStorageLocation[],
  labels: LabelColumns = {},
): string {
  const headers = ["Name", "Provider", "Bucket/Prefix", "Phase", "Last Validated", "Access Mode"];
  const rows = locations.map((l) => ({ cells: backupLocationRow(l), labels: l.metadata.labels }));
  return renderTable(withLabelColumns([...headers, "Default"], rows, labels));
}

/** The `snapshot-location get` table (server order). */
export function renderSnapshotLocationTable(
  locations: readonly VolumeSnapshotLocation[],
  labels: LabelColumns = {},
): string {
  const rows = locations.map((l) => ({
    cells: [l.metadata.name ?? "", l.spec.provider],
    labels: l.metadata.labels,
  }));
  return renderTable(withLabelColumns(["Name", "Provider"], rows, labels));
}
