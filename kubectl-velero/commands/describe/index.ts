// `describe backups|restores|schedules`: Velero's verb-first tree, the same commands as
// `<noun> describe`.
import { Command } from "commander";
import type { CliContext } from "../../cli-context.js";
import { createBackupDescribeCommand } from "../backup/describe.js";
import { createRestoreDescribeCommand } from "../restore/describe.js";
import { createScheduleDescribeCommand } from "../schedule/describe.js";

/** Builds `describe` with plural nouns (singular aliases). */
export function createDescribeCommand(ctx: CliContext): Command {
  return new Command("describe")
    .description("Describe velero resources")
    .addCommand(createBackupDescribeCommand(ctx, "backups").alias("backup"))
    .addCommand(createRestoreDescribeCommand(ctx, "restores").alias("restore"))
    .addCommand(createScheduleDescribeCommand(ctx, "schedules").alias("schedule"));
}
