// `backup get` as a table: Velero's columns, cell rules and sort order.
import { parseDuration, type Backup } from "../../lib/api/index.js";
import { formatLabelSelector } from "../flags/label-selector.js";
import { timeFromNow } from "./go-values.js";
import { formatGoTime } from "./human-duration.js";
import { renderTable, withLabelColumns, type LabelColumns } from "./table.js";

const headers = [
  "Name",
  "Status",
  "Errors",
  "Warnings",
  "Created",
  "Expires",
  "Storage Location",
  "Queue Position",
  "Selector",
];

const timestampSuffix = /-[0-9]{14}$/;

/**
 * Velero's order: by name, except that names sharing a prefix before a `-YYYYMMDDHHMMSS`
 * suffix (a schedule's backups) are listed newest first.
 */
export function compareBackupNames(a: string, b: string): number {
  const aSuffix = timestampSuffix.exec(a);
  const bSuffix = timestampSuffix.exec(b);
  if (aSuffix !== null && bSuffix !== null) {
    const aPrefix = a.slice(0, aSuffix.index);
    const bPrefix = b.slice(0, bSuffix.index);
    if (aPrefix === bPrefix) return compareText(bSuffix[0], aSuffix[0]);
  }
  return compareText(a, b);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A backup's STATUS cell: its phase, `New` when empty, `Deleting` once deletion started. */
export function backupStatusText(backup: Backup): string {
  if (backup.metadata.deletionTimestamp !== undefined) return "Deleting";
  return backup.status?.phase ?? "New";
}

/** When the backup expires: `status.expiration`, else creation + TTL, else unknown. */
export function backupExpiration(backup: Backup): Date | undefined {
  const expiration = backup.status?.expiration;
  if (expiration !== undefined) return new Date(expiration);
  const created = backup.metadata.creationTimestamp;
  const ttl = backup.spec.ttl;
  if (created === undefined || ttl === undefined) return undefined;
  const ttlMs = safeDuration(ttl);
  return ttlMs > 0 ? new Date(new Date(created).getTime() + ttlMs) : undefined;
}

function safeDuration(value: string): number {
  try {
    return parseDuration(value);
  } catch {
    return 0;
  }
}

/** The cells of one backup row. */
export function backupRow(backup: Backup, now: Date): string[] {
  const status = backup.status ?? {};
  const queue = status.queuePosition ?? 0;
  return [
    backup.metadata.name ?? "",
    backupStatusText(backup),
    String(status.errors ?? 0),
    String(status.warnings ?? 0),
    formatGoTime(status.startTimestamp),
    timeFromNow(backupExpiration(backup), now),
    backup.spec.storageLocation ?? "",
    queue === 0 ? "" : String(queue),
    formatLabelSelector(backup.spec.labelSelector),
  ];
}

/** The whole `backup get` table, sorted as Velero sorts it. */
export function renderBackupTable(
  backups: readonly Backup[],
  now: Date,
  labels: LabelColumns = {},
): string {
  const sorted = [...backups].sort((a, b) =>
    compareBackupNames(a.metadata.name ?? "", b.metadata.name ?? ""),
  );
  const rows = sorted.map((b) => ({ cells: backupRow(b, now), labels: b.metadata.labels }));
  return renderTable(withLabelColumns(headers, rows, labels));
}
