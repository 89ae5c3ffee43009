// `create backup|restore|schedule|backup-location|snapshot-location`: Velero's verb-first tree,
// the same commands as `<noun> create`.
import { Command } from "commander";
import type { CliContext } from "../../cli-context.js";
import { createBackupLocationCreateCommand } from "../backup-location/create.js";
import { createBackupCreateCommand } from "../backup/create.js";
import { createRestoreCreateCommand } from "../restore/create.js";
import { createScheduleCreateCommand } from "../schedule/create.js";
import { createSnapshotLocationCreateCommand } from "../snapshot-location/create.js";

/** Builds `create` with singular nouns. */
export function createCreateCommand(ctx: CliContext): Command {
  return new Command("create")
    .description("Create velero resources")
    .addCommand(createBackupCreateCommand(ctx, "backup"))
    .addCommand(createRestoreCreateCommand(ctx, "restore"))
    .addCommand(createScheduleCreateCommand(ctx, "schedule"))
    .addCommand(createBackupLocationCreateCommand(ctx, "backup-location"))
    .addCommand(createSnapshotLocationCreateCommand(ctx, "snapshot-location"));
}
