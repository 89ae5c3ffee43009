// `backup-location delete NAMES | --all | -l SELECTOR [--confirm]`: deletes the locations and,
// as Velero, the Backups and BackupRepositories labelled with each deleted location.
import { Command } from "commander";
import {
  getValidLabelValue,
  STORAGE_LOCATION_LABEL,
  type BackupStorageLocation,
} from "../../../lib/api/index.js";
import { createVeleroClients, type VeleroClients } from "../../../lib/kube/index.js";
import type { CliContext } from "../../cli-context.js";
import { addDeleteFlags, deleteSelected, type DeleteOptions } from "../backup/delete-selected.js";

/** Builds `backup-location delete` (also `delete backup-location`). */
export function createBackupLocationDeleteCommand(ctx: CliContext, name = "delete"): Command {
  const command = new Command(name)
    .description(
      "Delete backup storage locations, with the Backup and BackupRepository objects labelled with them",
    )
    .argument("[names...]");
  addDeleteFlags(command, "backup-location");
  return command.action(async (names: string[], options: DeleteOptions) => {
    const clients = createVeleroClients(ctx.rest(), ctx.namespace);
    await deleteSelected(ctx, names, options, {
      typeName: "backup-location",
      source: clients.backupStorageLocations,
      noneFound: "No backup-locations found",
      nameOf: (location) => location.metadata.name ?? "",
      deleteOne: (location) => deleteLocation(ctx, clients, location),
    });
  });
}

async function deleteLocation(
  ctx: CliContext,
  clients: VeleroClients,
  location: BackupStorageLocation,
): Promise<void> {
  const name = location.metadata.name ?? "";
  await clients.backupStorageLocations.delete(name);
  ctx.print(`Backup storage location "${name}" deleted successfully.`);
  const selector = `${STORAGE_LOCATION_LABEL}=${getValidLabelValue(name)}`;
  for (const backup of await clients.backups.list(selector)) {
    await clients.backups.delete(backup.metadata.name ?? "");
    ctx.print(
      `Backup associated with deleted BSL(s) "${backup.metadata.name ?? ""}" deleted successfully.`,
    );
  }
  for (const repo of await clients.backupRepositories.list(selector)) {
    await clients.backupRepositories.delete(repo.metadata.name ?? "");
    ctx.print(
      `Backup repository associated with deleted BSL(s) "${repo.metadata.name ?? ""}" deleted successfully.`,
    );
  }
}
