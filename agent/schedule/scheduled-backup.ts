// The Backup a Schedule creates on each run, as Velero's `BackupBuilder.FromSchedule` builds
// it: `<schedule>-<YYYYMMDDHHMMSS>`, the template as spec, labels, annotations, owner.
import {
  SCHEDULE_NAME_LABEL,
  type Backup,
  type OwnerReference,
  type Schedule,
} from "../../lib/api/index.js";

/** `<schedule>-<YYYYMMDDHHMMSS>` in UTC (Go layout `20060102150405`). */
export function timestampedBackupName(scheduleName: string, time: Date): string {
  const stamp = time
    .toISOString()
    .replace(/\.\d{3}Z$/, "")
    .replace(/[-:T]/g, "");
  return `${scheduleName}-${stamp}`;
}

/**
 * The Backup for a run at `time`: spec = `spec.template` (its `metadata` included); labels =
 * `template.metadata.labels` when set, else the schedule's labels, plus
 * `velero.io/schedule-name`; annotations = the schedule's; a controller owner reference to the
 * schedule when `useOwnerReferencesInBackup` is true (deleting the schedule then deletes them).
 */
export function buildScheduledBackup(schedule: Schedule, time: Date): Backup {
  const name = schedule.metadata.name ?? "";
  const template = structuredClone(schedule.spec.template);
  const labels = {
    ...(template.metadata?.labels ?? schedule.metadata.labels ?? {}),
    [SCHEDULE_NAME_LABEL]: name,
  };
  const backup: Backup = {
    apiVersion: "velero.io/v1",
    kind: "Backup",
    metadata: {
      name: timestampedBackupName(name, time),
      ...(schedule.metadata.namespace === undefined
        ? {}
        : { namespace: schedule.metadata.namespace }),
      labels,
    },
    spec: template,
  };
  const annotations = schedule.metadata.annotations;
  if (annotations !== undefined) backup.metadata.annotations = { ...annotations };
  if (schedule.spec.useOwnerReferencesInBackup === true) {
    backup.metadata.ownerReferences = [scheduleOwnerReference(schedule)];
  }
  return backup;
}

function scheduleOwnerReference(schedule: Schedule): OwnerReference {
  return {
    apiVersion: "velero.io/v1",
    kind: "Schedule",
    name: schedule.metadata.name ?? "",
    uid: schedule.metadata.uid ?? "",
    controller: true,
  };
}
