// `restore`: the noun that assembles Velero's restore verbs.
import { Command } from "commander";
import type { CliContext } from "../../cli-context.js";
import { createRestoreCreateCommand } from "./create.js";
import { createRestoreDeleteCommand } from "./delete.js";
import { createRestoreDescribeCommand } from "./describe.js";
import { createRestoreGetCommand } from "./get.js";
import { createRestoreLogsCommand } from "./logs.js";

/** Builds `restore create|get|describe|logs|delete`. */
export function createRestoreCommand(ctx: CliContext): Command {
  return new Command("restore")
    .description("Work with restores")
    .addCommand(createRestoreCreateCommand(ctx))
    .addCommand(createRestoreGetCommand(ctx))
    .addCommand(createRestoreLogsCommand(ctx))
    .addCommand(createRestoreDescribeCommand(ctx))
    .addCommand(createRestoreDeleteCommand(ctx));
}
