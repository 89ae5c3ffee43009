// `snapshot-location delete NAMES | --all | -l SELECTOR [--confirm]` (Velero has no such verb;
// this one deletes only the VolumeSnapshotLocation objects).
import { Command } from "commander";
import { createVeleroClients } from "../../../lib/kube/index.js";
import type { CliContext } from "../../cli-context.js";
import { addDeleteFlags, deleteSelected, type DeleteOptions } from "../backup/delete-selected.js";

/** Builds `snapshot-location delete` (also `delete snapshot-location`). */
export function createSnapshotLocationDeleteCommand(ctx: CliContext, name = "delete"): Command {
  const command = new Command(name)
    .description("Delete volume snapshot locations")
    .argument("[names...]");
  addDeleteFlags(command, "snapshot-location");
  return command.action(async (names: string[], options: DeleteOptions) => {
    const clients = createVeleroClients(ctx.rest(), ctx.namespace);
    await deleteSelected(ctx, names, options, {
      typeName: "snapshot-location",
      source: clients.volumeSnapshotLocations,
      noneFound: "No snapshot-locations found",
      nameOf: (location) => location.metadata.name ?? "",
      deleteOne: async (location) => {
        const locationName = location.metadata.name ?? "";
        await clients.volumeSnapshotLocations.delete(locationName);
        ctx.print(`Volume snapshot location "${locationName}" deleted successfully.`);
      },
    });
  });
}
