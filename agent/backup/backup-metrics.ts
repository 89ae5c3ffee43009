// Records a backup's outcome in Velero's metrics (attempts are counted when a backup starts).
import {
  parseTime,
  SCHEDULE_NAME_LABEL,
  type Backup,
  type BackupStatus,
} from "../../lib/api/index.js";
import type { AgentMetrics } from "../metrics.js";

function scheduleOf(backup: Backup): { schedule: string } {
  return { schedule: backup.metadata.labels?.[SCHEDULE_NAME_LABEL] ?? "" };
}

/** A backup failed validation: `backup_validation_failure_total` and `backup_last_status` 0. */
export function recordValidationFailure(metrics: AgentMetrics, backup: Backup): void {
  const labels = scheduleOf(backup);
  metrics.backupValidationFailure.inc(labels);
  metrics.backupLastStatus.set(labels, 0);
}

/**
 * A backup ended: success/partial/failure counters, last status, last success time, duration,
 * tarball size, item and error gauges, and the warning counter (as Velero records them).
 */
export function recordBackupOutcome(
  metrics: AgentMetrics,
  backup: Backup,
  tarballBytes: number,
): void {
  const labels = scheduleOf(backup);
  const status = backup.status ?? {};
  metrics.backupTarballSize.set(labels, tarballBytes);
  const seconds = durationSeconds(status.startTimestamp, status.completionTimestamp);
  if (seconds !== undefined) metrics.backupDuration.observe(labels, seconds);
  metrics.backupItemsTotal.set(labels, status.progress?.totalItems ?? 0);
  metrics.backupItemsErrors.set(labels, status.errors ?? 0);
  if ((status.warnings ?? 0) > 0) metrics.backupWarningTotal.inc(labels);
  recordPhase(metrics, labels, status);
}

function durationSeconds(start: string | undefined, end: string | undefined): number | undefined {
  if (start === undefined || end === undefined) return undefined;
  return Math.floor((parseTime(end).getTime() - parseTime(start).getTime()) / 1000);
}

function recordPhase(
  metrics: AgentMetrics,
  labels: { schedule: string },
  status: BackupStatus,
): void {
  if (status.phase === "Completed") {
    metrics.backupSuccess.inc(labels);
    metrics.backupLastStatus.set(labels, 1);
    const end = status.completionTimestamp;
    if (end !== undefined) {
      metrics.backupLastSuccessfulTimestamp.set(labels, parseTime(end).getTime() / 1000);
    }
    return;
  }
  if (status.phase === "PartiallyFailed") metrics.backupPartialFailure.inc(labels);
  else metrics.backupFailure.inc(labels);
  metrics.backupLastStatus.set(labels, 0);
}
