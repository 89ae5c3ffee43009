// `schedule pause` and `schedule unpause` (NAMES | --all | -l SELECTOR, `--skip-immediately`):
// Velero's selection rule and messages.
import { Command } from "commander";
import type { Schedule } from "../../../lib/api/index.js";
import { createVeleroClients } from "../../../lib/kube/index.js";
import type { CliContext } from "../../cli-context.js";
import { optionalBoolOptions } from "../../flags/boolean-flags.js";
import {
  addSelectionFlags,
  requireOneSelection,
  selectObjects,
  throwAggregate,
  type SelectionOptions,
} from "../../flags/selection.js";

/** Options of `schedule pause|unpause`. */
export interface PauseOptions extends SelectionOptions {
  readonly skipImmediately?: boolean;
}

/**
 * The merge patch that pauses or unpauses a schedule; `skipImmediately` is set to the flag's
 * value, or cleared when the flag is absent (Velero writes the flag's value, nil included).
 */
export function pausePatch(paused: boolean, skipImmediately: boolean | undefined): unknown {
  return { spec: { paused, skipImmediately: skipImmediately ?? null } };
}

/** Builds `schedule pause` (`paused` true) or `schedule unpause` (false). */
export function createSchedulePauseCommand(ctx: CliContext, paused: boolean): Command {
  const verb = paused ? "pause" : "unpause";
  const command = new Command(verb)
    .description(paused ? "Pause schedules" : "Unpause schedules")
    .argument("[names...]");
  addSelectionFlags(command, verb, "schedule");
  for (const option of optionalBoolOptions("skip-immediately", "skip the next scheduled backup")) {
    command.addOption(option);
  }
  return command.action(async (names: string[], options: PauseOptions) => {
    requireOneSelection(names, options, "schedule");
    const clients = createVeleroClients(ctx.rest(), ctx.namespace);
    const selected = await selectObjects(clients.schedules, names, options.selector);
    if (selected.items.length === 0) {
      throwAggregate(selected.errors);
      ctx.print("No schedules found");
      return;
    }
    const state = paused ? "paused" : "unpaused";
    for (const schedule of selected.items) {
      const scheduleName = schedule.metadata.name ?? "";
      if (isPaused(schedule) === paused) {
        ctx.print(`Schedule ${scheduleName} is already ${state}, skip`);
        continue;
      }
      await clients.schedules.patch(scheduleName, pausePatch(paused, options.skipImmediately));
      ctx.print(`Schedule ${scheduleName} ${state} successfully`);
    }
    throwAggregate(selected.errors);
  });
}

function isPaused(schedule: Schedule): boolean {
  return schedule.spec.paused === true;
}
