// `get backups|restores|schedules|backup-locations|snapshot-locations`: Velero's verb-first tree,
// the same commands as `<noun> get`.
import { Command } from "commander";
import type { CliContext } from "../../cli-context.js";
import { createBackupLocationGetCommand } from "../backup-location/get.js";
import { createBackupGetCommand } from "../backup/get.js";
import { createRestoreGetCommand } from "../restore/get.js";
import { createScheduleGetCommand } from "../schedule/get.js";
import { createSnapshotLocationGetCommand } from "../snapshot-location/get.js";

/** Builds `get` with plural nouns (singular aliases). */
export function createGetCommand(ctx: CliContext): Command {
  return new Command("get")
    .description("Get velero resources")
    .addCommand(createBackupGetCommand(ctx, "backups").alias("backup"))
    .addCommand(createRestoreGetCommand(ctx, "restores").alias("restore"))
    .addCommand(createScheduleGetCommand(ctx, "schedules").alias("schedule"))
    .addCommand(createBackupLocationGetCommand(ctx, "backup-locations").alias("backup-location"))
    .addCommand(
      createSnapshotLocationGetCommand(ctx, "snapshot-locations").alias("snapshot-location"),
    );
}
