// The Schedule `schedule create` submits: the backup template from the shared backup flags,
// the cron expression, and Velero's schedule switches.
import type { Schedule } from "../../../lib/api/index.js";
import { buildBackupSpec, type BackupFilterOptions } from "../../flags/backup-filter-flags.js";

/** The schedule-only flags. */
export interface ScheduleOptions {
  readonly schedule?: string;
  readonly useOwnerReferencesInBackup?: boolean;
  readonly paused?: boolean;
  readonly skipImmediately?: boolean;
}

/**
 * The Schedule the flags describe. `--labels` and `--annotations` go on the Schedule (its
 * backups get the labels when the template sets none); `useOwnerReferencesInBackup` is
 * always written, as Velero does.
 */
export function buildSchedule(input: {
  readonly namespace: string;
  readonly name: string;
  readonly options: BackupFilterOptions & ScheduleOptions;
}): Schedule {
  const { options } = input;
  const schedule: Schedule = {
    apiVersion: "velero.io/v1",
    kind: "Schedule",
    metadata: { namespace: input.namespace, name: input.name },
    spec: {
      template: buildBackupSpec(options),
      schedule: options.schedule ?? "",
      useOwnerReferencesInBackup: options.useOwnerReferencesInBackup === true,
    },
  };
  if (Object.keys(options.labels ?? {}).length > 0) schedule.metadata.labels = options.labels;
  if (Object.keys(options.annotations ?? {}).length > 0) {
    schedule.metadata.annotations = options.annotations;
  }
  if (options.paused === true) schedule.spec.paused = true;
  if (options.skipImmediately !== undefined)
    schedule.spec.skipImmediately = options.skipImmediately;
  return schedule;
}
