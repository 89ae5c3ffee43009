// The Backup objects `backup create` submits: from flags, or from a schedule's template (as
// Velero's BackupBuilder.FromSchedule does), and the `<name>-YYYYMMDDHHMMSS` names they get.
import { SCHEDULE_NAME_LABEL, type Backup, type Schedule } from "../../../lib/api/index.js";
import { buildBackupSpec, type BackupFilterOptions } from "../../flags/backup-filter-flags.js";

/** `<prefix>-YYYYMMDDHHMMSS` in UTC (Go layout `20060102150405`), as Velero names runs. */
export function timestampedName(prefix: string, time: Date): string {
  const stamp = time
    .toISOString()
    .replace(/\.\d{3}Z$/, "")
    .replace(/[-T:]/g, "");
  return `${prefix}-${stamp}`;
}

/** What {@link buildBackup} needs. */
export interface BuildBackupInput {
  readonly namespace: string;
  readonly name: string;
  readonly options: BackupFilterOptions;
}

/** The Backup the flags describe, with `--labels` and `--annotations` on its metadata. */
export function buildBackup(input: BuildBackupInput): Backup {
  const { options } = input;
  return {
    apiVersion: "velero.io/v1",
    kind: "Backup",
    metadata: {
      namespace: input.namespace,
      name: input.name,
      ...nonEmptyMap("labels", options.labels),
      ...nonEmptyMap("annotations", options.annotations),
    },
    spec: buildBackupSpec(options),
  };
}

/**
 * A Backup from a schedule: the template as spec; the template's labels when it has any,
 * else the schedule's, plus `velero.io/schedule-name`; the schedule's annotations; and an
 * owner reference to the schedule when `useOwnerReferencesInBackup` is set.
 */
export function buildBackupFromSchedule(input: {
  readonly namespace: string;
  readonly name: string;
  readonly schedule: Schedule;
}): Backup {
  const { schedule } = input;
  const scheduleName = schedule.metadata.name ?? "";
  const labels = {
    ...(schedule.spec.template.metadata?.labels ?? schedule.metadata.labels ?? {}),
    [SCHEDULE_NAME_LABEL]: scheduleName,
  };
  const backup: Backup = {
    apiVersion: "velero.io/v1",
    kind: "Backup",
    metadata: {
      namespace: input.namespace,
      name: input.name,
      labels,
      ...nonEmptyMap("annotations", schedule.metadata.annotations),
    },
    spec: structuredClone(schedule.spec.template),
  };
  if (schedule.spec.useOwnerReferencesInBackup === true) {
    backup.metadata.ownerReferences = [
      {
        apiVersion: "velero.io/v1",
        kind: "Schedule",
        name: scheduleName,
        uid: schedule.metadata.uid ?? "",
        controller: true,
      },
    ];
  }
  return backup;
}

function nonEmptyMap<K extends string>(
  key: K,
  map: Record<string, string> | undefined,
): Partial<Record<K, Record<string, string>>> {
  if (map === undefined || Object.keys(map).length === 0) return {};
  return { [key]: { ...map } } as Partial<Record<K, Record<string, string>>>;
}
