// `delete backup|restore|schedule|backup-location|snapshot-location`: Velero's verb-first tree,
// the same commands as `<noun> delete`.
import { Command } from "commander";
import type { CliContext } from "../../cli-context.js";
import { createBackupLocationDeleteCommand } from "../backup-location/delete.js";
import { createBackupDeleteCommand } from "../backup/delete.js";
import { createRestoreDeleteCommand } from "../restore/delete.js";
import { createScheduleDeleteCommand } from "../schedule/delete.js";
import { createSnapshotLocationDeleteCommand } from "../snapshot-location/delete.js";

/** Builds `delete` with singular nouns (plural aliases). */
export function createDeleteCommand(ctx: CliContext): Command {
  return new Command("delete")
    .description("Delete velero resources")
    .addCommand(createBackupDeleteCommand(ctx, "backup").alias("backups"))
    .addCommand(createRestoreDeleteCommand(ctx, "restore").alias("restores"))
    .addCommand(createScheduleDeleteCommand(ctx, "schedule").alias("schedules"))
    .addCommand(createBackupLocationDeleteCommand(ctx, "backup-location").alias("backup-locations"))
    .addCommand(
      createSnapshotLocationDeleteCommand(ctx, "snapshot-location").alias("snapshot-locations"),
    );
}
