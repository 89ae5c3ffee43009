// The agent's Prometheus metrics under Velero's names and labels, so existing dashboards work.
import { Counter, Gauge, Histogram, Registry } from "prom-client";

type S = "schedule";
const minute = 60;

/** Every metric the agent exports. */
export interface AgentMetrics extends BackupMetrics, BackupResultMetrics, OtherMetrics {
  readonly registry: Registry;
}

/** Backup attempt and outcome counters. */
export interface BackupMetrics {
  readonly backupTotal: Gauge;
  readonly backupAttempt: Counter<S>;
  readonly backupSuccess: Counter<S>;
  readonly backupPartialFailure: Counter<S>;
  readonly backupFailure: Counter<S>;
  readonly backupValidationFailure: Counter<S>;
  readonly backupWarningTotal: Counter<S>;
  readonly backupDeletionAttempt: Counter<S>;
  readonly backupDeletionSuccess: Counter<S>;
  readonly backupDeletionFailure: Counter<S>;
}

/** Per-backup result gauges and the duration histogram. */
export interface BackupResultMetrics {
  readonly backupDuration: Histogram<S>;
  readonly backupTarballSize: Gauge<S>;
  readonly backupLastSuccessfulTimestamp: Gauge<S>;
  readonly backupLastStatus: Gauge<S>;
  readonly backupItemsTotal: Gauge<S>;
  readonly backupItemsErrors: Gauge<S>;
  readonly backupLocationStatus: Gauge<"backup_location_name">;
}

/** Restores, schedules and repository maintenance. */
export interface OtherMetrics {
  readonly restoreTotal: Gauge;
  readonly restoreAttempt: Counter<S>;
  readonly restoreSuccess: Counter<S>;
  readonly restorePartialFailure: Counter<S>;
  readonly restoreFailed: Counter<S>;
  readonly restoreValidationFailed: Counter<S>;
  readonly scheduleExpectedInterval: Gauge<S>;
  readonly repoMaintenanceSuccess: Counter<"repository_name">;
  readonly repoMaintenanceFailure: Counter<"repository_name">;
  readonly repoMaintenanceDuration: Histogram<"repository_name">;
}

/** Creates the metrics in a fresh registry. */
export function createAgentMetrics(): AgentMetrics {
  const registry = new Registry();
  const m = new MetricFactory(registry);
  return { registry, ...backupMetrics(m), ...backupResultMetrics(m), ...otherMetrics(m) };
}

class MetricFactory {
  private readonly registry: Registry;
  constructor(registry: Registry) {
    this.registry = registry;
  }
  counter<L extends string>(name: string, help: string, labels: L[]): Counter<L> {
    return new Counter({
      name: `velero_${name}`,
      help,
      labelNames: labels,
      registers: [this.registry],
    });
  }
  gauge<L extends string>(name: string, help: string, labels: L[]): Gauge<L> {
    return new Gauge({
      name: `velero_${name}`,
      help,
      labelNames: labels,
      registers: [this.registry],
    });
  }
  histogram<L extends string>(
    name: string,
    help: string,
    labels: L[],
    buckets: number[],
  ): Histogram<L> {
    return new Histogram({
      name: `velero_${name}`,
      help,
      labelNames: labels,
      buckets,
      registers: [this.registry],
    });
  }
}

function backupMetrics(m: MetricFactory): BackupMetrics {
  const s: S[] = ["schedule"];
  return {
    backupTotal: m.gauge("backup_total", "Current number of existent backups", []),
    backupAttempt: m.counter("backup_attempt_total", "Total number of attempted backups", s),
    backupSuccess: m.counter("backup_success_total", "Total number of successful backups", s),
    backupPartialFailure: m.counter(
      "backup_partial_failure_total",
      "Total number of partially failed backups",
      s,
    ),
    backupFailure: m.counter("backup_failure_total", "Total number of failed backups", s),
    backupValidationFailure: m.counter(
      "backup_validation_failure_total",
      "Total number of validation failed backups",
      s,
    ),
    backupWarningTotal: m.counter("backup_warning_total", "Total number of warned backups", s),
    backupDeletionAttempt: m.counter(
      "backup_deletion_attempt_total",
      "Total number of attempted backup deletions",
      s,
    ),
    backupDeletionSuccess: m.counter(
      "backup_deletion_success_total",
      "Total number of successful backup deletions",
      s,
    ),
    backupDeletionFailure: m.counter(
      "backup_deletion_failure_total",
      "Total number of failed backup deletions",
      s,
    ),
  };
}

function backupResultMetrics(m: MetricFactory): BackupResultMetrics {
  const s: S[] = ["schedule"];
  const buckets = [1, 5, 10, 15, 30, 60, 240].map((x) => x * minute);
  return {
    backupDuration: m.histogram(
      "backup_duration_seconds",
      "Time taken to complete backup, in seconds",
      s,
      buckets,
    ),
    backupTarballSize: m.gauge("backup_tarball_size_bytes", "Size, in bytes, of a backup", s),
    backupLastSuccessfulTimestamp: m.gauge(
      "backup_last_successful_timestamp",
      "Last time a backup ran successfully, Unix timestamp in seconds",
      s,
    ),
    backupLastStatus: m.gauge(
      "backup_last_status",
      "Last status of the backup. A value of 1 is success, 0 is failure",
      s,
    ),
    backupItemsTotal: m.gauge("backup_items_total", "Total number of items backed up", s),
    backupItemsErrors: m.gauge(
      "backup_items_errors",
      "Total number of errors encountered during backup",
      s,
    ),
    backupLocationStatus: m.gauge(
      "backup_location_status_gauge",
      "The status of backup storage locations. 1 is available, 0 is unavailable",
      ["backup_location_name"],
    ),
  };
}

function otherMetrics(m: MetricFactory): OtherMetrics {
  const s: S[] = ["schedule"];
  const repo: "repository_name"[] = ["repository_name"];
  return {
    restoreTotal: m.gauge("restore_total", "Current number of existent restores", []),
    restoreAttempt: m.counter("restore_attempt_total", "Total number of attempted restores", s),
    restoreSuccess: m.counter("restore_success_total", "Total number of successful restores", s),
    restorePartialFailure: m.counter(
      "restore_partial_failure_total",
      "Total number of partially failed restores",
      s,
    ),
    restoreFailed: m.counter("restore_failed_total", "Total number of failed restores", s),
    restoreValidationFailed: m.counter(
      "restore_validation_failed_total",
      "Total number of failed restores failing validations",
      s,
    ),
    scheduleExpectedInterval: m.gauge(
      "schedule_expected_interval_seconds",
      "Expected interval between consecutive scheduled backups, in seconds",
      s,
    ),
    repoMaintenanceSuccess: m.counter(
      "repo_maintenance_success_total",
      "Number of succeeded repo maintenance",
      repo,
    ),
    repoMaintenanceFailure: m.counter(
      "repo_maintenance_failure_total",
      "Number of failed repo maintenance",
      repo,
    ),
    repoMaintenanceDuration: m.histogram(
      "repo_maintenance_duration_seconds",
      "Time taken to complete repo maintenance",
      repo,
      [1, 5, 10, 30, 60, 300, 600, 1800, 3600],
    ),
  };
}
