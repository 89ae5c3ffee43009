// `restore delete NAMES | --all | -l SELECTOR [--confirm]`: deletes the Restore objects; the
// agent's finalizer removes their files from the bucket.
import { Command } from "commander";
import { createVeleroClients } from "../../../lib/kube/index.js";
import type { CliContext } from "../../cli-context.js";
import { addDeleteFlags, deleteSelected, type DeleteOptions } from "../backup/delete-selected.js";

/** Builds `restore delete` (also `delete restore`). */
export function createRestoreDeleteCommand(ctx: CliContext, name = "delete"): Command {
  const command = new Command(name).description("Delete restores").argument("[names...]");
  addDeleteFlags(command, "restore");
  return command.action(async (names: string[], options: DeleteOptions) => {
    const clients = createVeleroClients(ctx.rest(), ctx.namespace);
    await deleteSelected(ctx, names, options, {
      typeName: "restore",
      source: clients.restores,
      noneFound: "No restores found",
      nameOf: (restore) => restore.metadata.name ?? "",
      deleteOne: async (restore) => {
        const restoreName = restore.metadata.name ?? "";
        await clients.restores.delete(restoreName);
        ctx.print(
          `Request to delete restore "${restoreName}" submitted successfully.\n` +
            "The restore will be fully deleted after all associated data (restore files in object storage) are removed.",
        );
      },
    });
  });
}
