// `backup`: the noun that assembles Velero's backup verbs.
import { Command } from "commander";
import type { CliContext } from "../../cli-context.js";
import { createBackupCreateCommand } from "./create.js";
import { createBackupDeleteCommand } from "./delete.js";
import { createBackupDescribeCommand } from "./describe.js";
import { createBackupDownloadCommand } from "./download.js";
import { createBackupGetCommand } from "./get.js";
import { createBackupLogsCommand } from "./logs.js";

/** Builds `backup create|get|describe|logs|download|delete`. */
export function createBackupCommand(ctx: CliContext): Command {
  return new Command("backup")
    .description("Work with backups")
    .addCommand(createBackupCreateCommand(ctx))
    .addCommand(createBackupGetCommand(ctx))
    .addCommand(createBackupLogsCommand(ctx))
    .addCommand(createBackupDescribeCommand(ctx))
    .addCommand(createBackupDownloadCommand(ctx))
    .addCommand(createBackupDeleteCommand(ctx));
}
