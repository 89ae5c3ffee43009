// `schedule delete NAMES | --all | -l SELECTOR [--confirm]`.
import { Command } from "commander";
import { createVeleroClients } from "../../../lib/kube/index.js";
import type { CliContext } from "../../cli-context.js";
import { addDeleteFlags, deleteSelected, type DeleteOptions } from "../backup/delete-selected.js";

/** Builds `schedule delete` (also `delete schedule`). */
export function createScheduleDeleteCommand(ctx: CliContext, name = "delete"): Command {
  const command = new Command(name).description("Delete schedules").argument("[names...]");
  addDeleteFlags(command, "schedule");
  return command.action(async (names: string[], options: DeleteOptions) => {
    const clients = createVeleroClients(ctx.rest(), ctx.namespace);
    await deleteSelected(ctx, names, options, {
      typeName: "schedule",
      source: clients.schedules,
      noneFound: "No schedules found",
      nameOf: (schedule) => schedule.metadata.name ?? "",
      deleteOne: async (schedule) => {
        await clients.schedules.delete(schedule.metadata.name ?? "");
        ctx.print(`Schedule deleted: ${schedule.metadata.name ?? ""}`);
      },
    });
  });
}
