// `schedule describe` as Velero prints it: metadata, phase, policies, validation errors,
// paused, the cron expression, the backup template (indented), and the last backup.
import type { Schedule } from "../../lib/api/index.js";
import { describeBackupSpec } from "./describe-backup-spec.js";
import { describeUploaderConfig, describeValidationErrors } from "./describe-backup.js";
import { describe } from "./describer.js";
import { formatGoTime } from "./human-duration.js";

/** The whole `schedule describe` text of one schedule. */
export function renderScheduleDescription(schedule: Schedule): string {
  return describe((d) => {
    d.describeMetadata(schedule.metadata);
    d.println();
    d.printf(`Phase:\t${schedule.status?.phase ?? "New"}\n`);
    const template = schedule.spec.template;
    if (template.resourcePolicy !== undefined) {
      d.println();
      d.printf("Resource policies:\n");
      d.printf(`\tType:\t${template.resourcePolicy.kind}\n`);
      d.printf(`\tName:\t${template.resourcePolicy.name}\n`);
    }
    describeUploaderConfig(d, template.uploaderConfig?.parallelFilesUpload);
    describeValidationErrors(d, schedule.status?.validationErrors);
    d.println();
    d.printf(`Paused:\t${String(schedule.spec.paused ?? false)}\n`);
    d.println();
    d.printf(`Schedule:\t${schedule.spec.schedule}\n`);
    d.println();
    d.println("Backup Template:");
    d.prefix = "\t";
    describeBackupSpec(d, template);
    d.prefix = "";
    d.println();
    const last = schedule.status?.lastBackup;
    d.printf(`Last Backup:\t${last === undefined ? "<never>" : formatGoTime(last)}\n`);
  });
}
