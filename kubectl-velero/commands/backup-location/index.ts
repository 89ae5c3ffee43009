// `backup-location`: the noun that assembles Velero's backup storage location verbs.
import { Command } from "commander";
import type { CliContext } from "../../cli-context.js";
import { createBackupLocationCreateCommand } from "./create.js";
import { createBackupLocationDeleteCommand } from "./delete.js";
import { createBackupLocationGetCommand } from "./get.js";
import { createBackupLocationSetCommand } from "./set.js";

/** Builds `backup-location create|get|set|delete`. */
export function createBackupLocationCommand(ctx: CliContext): Command {
  return new Command("backup-location")
    .description("Work with backup storage locations")
    .addCommand(createBackupLocationCreateCommand(ctx))
    .addCommand(createBackupLocationGetCommand(ctx))
    .addCommand(createBackupLocationSetCommand(ctx))
    .addCommand(createBackupLocationDeleteCommand(ctx));
}
