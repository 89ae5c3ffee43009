// `backup delete NAMES | --all | -l SELECTOR [--confirm]`: one DeleteBackupRequest per backup,
// as Velero does; the agent deletes the bucket data, restores and the Backup itself.
import { Command } from "commander";
import { buildDeleteBackupRequest } from "../../../lib/api/index.js";
import { createVeleroClients } from "../../../lib/kube/index.js";
import type { CliContext } from "../../cli-context.js";
import { addDeleteFlags, deleteSelected, type DeleteOptions } from "./delete-selected.js";

/** Builds `backup delete` (also `delete backup`). */
export function createBackupDeleteCommand(ctx: CliContext, name = "delete"): Command {
  const command = new Command(name).description("Delete backups").argument("[names...]");
  addDeleteFlags(command, "backup");
  return command.action(async (names: string[], options: DeleteOptions) => {
    const clients = createVeleroClients(ctx.rest(), ctx.namespace);
    await deleteSelected(ctx, names, options, {
      typeName: "backup",
      source: clients.backups,
      noneFound: "No backups found",
      nameOf: (backup) => backup.metadata.name ?? "",
      deleteOne: async (backup) => {
        await clients.deleteBackupRequests.create(buildDeleteBackupRequest(backup, ctx.namespace));
        ctx.print(
          `Request to delete backup "${backup.metadata.name ?? ""}" submitted successfully.\n` +
            "The backup will be fully deleted after all associated data (disk snapshots, backup files, restores) are removed.",
        );
      },
    });
  });
}
