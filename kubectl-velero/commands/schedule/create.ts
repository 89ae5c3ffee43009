// `schedule create NAME --schedule "<cron>"`: every backup flag (shared with `backup create`),
// the cron expression checked before anything is sent, and Velero's schedule switches.
import { Command, Option } from "commander";
import { scheduleSchema, type Schedule } from "../../../lib/api/index.js";
import { createVeleroClients } from "../../../lib/kube/index.js";
import type { CliContext } from "../../cli-context.js";
import {
  addBackupFilterFlags,
  validateBackupFilters,
  type BackupFilterOptions,
} from "../../flags/backup-filter-flags.js";
import { optionalBoolOptions } from "../../flags/boolean-flags.js";
import { requireCronSchedule } from "../../flags/cron-schedule.js";
import { addOutputFlags, labelColumnsOf, type OutputOptions } from "../../flags/output-flags.js";
import { requireObjectName } from "../../flags/resource-name.js";
import { formatVeleroObjects, toGoObject } from "../../output/format.js";
import { renderScheduleTable } from "../../output/resource-tables.js";
import { checkBackupReferences, isUnreachable } from "../backup/backup-references.js";
import { buildSchedule, type ScheduleOptions } from "./build-schedule.js";

/** Options of `schedule create`. */
export type ScheduleCreateOptions = BackupFilterOptions & ScheduleOptions & OutputOptions;

/** Velero's checks that need no cluster (name, cron, backup flags). */
export function validateScheduleCreate(name: string, options: ScheduleCreateOptions): void {
  requireObjectName("schedule", name);
  requireCronSchedule(options.schedule);
  validateBackupFilters(options);
}

/** Builds `schedule create` (also `create schedule`). */
export function createScheduleCreateCommand(ctx: CliContext, name = "create"): Command {
  const command = new Command(name)
    .description(
      'Create a schedule: --schedule takes a cron expression ("0 */6 * * *", UTC unless CRON_TZ= is given), "@every 6h" or "@daily"',
    )
    .argument("<name>");
  addBackupFilterFlags(command);
  command
    .addOption(new Option("--schedule <cron>", "a cron expression for the recurring backup"))
    .addOption(
      new Option(
        "--use-owner-references-in-backup",
        "make the schedule own its backups (deleting the schedule deletes them)",
      ),
    )
    .addOption(new Option("--paused", "create the schedule paused"));
  for (const option of optionalBoolOptions("skip-immediately", "skip the next scheduled backup")) {
    command.addOption(option);
  }
  addOutputFlags(command);
  return command.action(async (scheduleName: string, options: ScheduleCreateOptions) => {
    validateScheduleCreate(scheduleName, options);
    const schedule = buildSchedule({ namespace: ctx.namespace, name: scheduleName, options });
    try {
      await checkBackupReferences(
        ctx.rest(),
        createVeleroClients(ctx.rest(), ctx.namespace),
        options,
      );
    } catch (error) {
      if (!(options.output !== undefined && isUnreachable(error))) throw error;
    }
    if (options.output !== undefined) {
      ctx.io.stdout.write(printSchedule(schedule, options, ctx.clock.now()));
      return;
    }
    const clients = createVeleroClients(ctx.rest(), ctx.namespace);
    await clients.schedules.create(toGoObject(scheduleSchema, schedule));
    ctx.print(`Schedule "${scheduleName}" created successfully.`);
  });
}

function printSchedule(schedule: Schedule, options: ScheduleCreateOptions, now: Date): string {
  return options.output === "table"
    ? renderScheduleTable([schedule], now, labelColumnsOf(options))
    : formatVeleroObjects([schedule], options.output ?? "yaml", {
        schema: scheduleSchema,
        listKind: "ScheduleList",
      });
}
