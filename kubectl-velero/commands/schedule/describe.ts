// `schedule describe [NAMES] [-l SELECTOR]`: Velero's description of each schedule.
import { Command } from "commander";
import { createVeleroClients } from "../../../lib/kube/index.js";
import type { CliContext } from "../../cli-context.js";
import {
  addSelectorFlag,
  selectObjects,
  throwAggregate,
  type SelectionOptions,
} from "../../flags/selection.js";
import { renderScheduleDescription } from "../../output/describe-schedule.js";

/** Builds `schedule describe` (also `describe schedules`). */
export function createScheduleDescribeCommand(ctx: CliContext, name = "describe"): Command {
  const command = new Command(name).description("Describe schedules").argument("[names...]");
  addSelectorFlag(command);
  return command.action(async (names: string[], options: SelectionOptions) => {
    const clients = createVeleroClients(ctx.rest(), ctx.namespace);
    const selected = await selectObjects(clients.schedules, names, options.selector);
    throwAggregate(selected.errors);
    ctx.io.stdout.write(selected.items.map(renderScheduleDescription).join("\n\n"));
  });
}
