// `schedule`: the noun that assembles Velero's schedule verbs.
import { Command } from "commander";
import type { CliContext } from "../../cli-context.js";
import { createScheduleCreateCommand } from "./create.js";
import { createScheduleDeleteCommand } from "./delete.js";
import { createScheduleDescribeCommand } from "./describe.js";
import { createScheduleGetCommand } from "./get.js";
import { createSchedulePauseCommand } from "./pause.js";

/** Builds `schedule create|get|describe|delete|pause|unpause`. */
export function createScheduleCommand(ctx: CliContext): Command {
  return new Command("schedule")
    .description("Work with schedules")
    .addCommand(createScheduleCreateCommand(ctx))
    .addCommand(createScheduleGetCommand(ctx))
    .addCommand(createScheduleDescribeCommand(ctx))
    .addCommand(createScheduleDeleteCommand(ctx))
    .addCommand(createSchedulePauseCommand(ctx, true))
    .addCommand(createSchedulePauseCommand(ctx, false));
}
