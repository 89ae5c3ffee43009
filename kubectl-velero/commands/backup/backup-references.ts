// Client-side checks that what a backup refers to exists: its storage location, its volume
// snapshot locations (as Velero checks them), and every resource named in its filters
// (resolved through discovery, as kubectl resolves names).
import { VeleroError } from "../../../lib/errors.js";
import {
  discoverResources,
  isNotFound,
  KubeConfigError,
  KubeConnectionError,
  type KubeRestClient,
  type VeleroClients,
} from "../../../lib/kube/index.js";
import { resourceNamesOf, type BackupFilterOptions } from "../../flags/backup-filter-flags.js";

/** A location or other object the command refers to does not exist. */
export class MissingReferenceError extends VeleroError {
  constructor(message: string) {
    super("MissingReference", message);
  }
}

/**
 * Reads an object the command refers to, failing with {@link MissingReferenceError} when it does
 * not exist; `what` reads like `backup storage location`.
 */
export async function getExisting<T>(
  get: () => Promise<T>,
  what: string,
  where: { readonly name: string; readonly namespace: string },
): Promise<T> {
  try {
    return await get();
  } catch (error) {
    if (isNotFound(error)) {
      throw new MissingReferenceError(
        `${what} "${where.name}" does not exist in namespace "${where.namespace}"`,
      );
    }
    throw error;
  }
}

/**
 * Checks `--storage-location`, `--volume-snapshot-locations` and the resource filters against
 * the cluster. Throws {@link MissingReferenceError} or `UnknownResourceError`.
 */
export async function checkBackupReferences(
  rest: KubeRestClient,
  clients: VeleroClients,
  options: BackupFilterOptions,
): Promise<void> {
  const where = (name: string): { name: string; namespace: string } => ({
    name,
    namespace: clients.namespace,
  });
  const location = options.storageLocation;
  if (location !== undefined && location !== "") {
    await getExisting(
      () => clients.backupStorageLocations.get(location),
      "backup storage location",
      where(location),
    );
  }
  for (const vsl of options.volumeSnapshotLocations ?? []) {
    await getExisting(
      () => clients.volumeSnapshotLocations.get(vsl),
      "volume snapshot location",
      where(vsl),
    );
  }
  const names = resourceNamesOf(options);
  if (names.length === 0) return;
  const catalog = await discoverResources(rest);
  for (const name of names) catalog.resolve(name);
}

/** True for errors that mean "no cluster to talk to" (bad kubeconfig, unreachable server). */
export function isUnreachable(error: unknown): boolean {
  return error instanceof KubeConfigError || error instanceof KubeConnectionError;
}
