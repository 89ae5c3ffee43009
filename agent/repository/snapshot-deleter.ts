// Deletes a backup's file-system snapshots from their repositories (the deletion controller's
// PodVolumeSnapshotDeleter): each PodVolumeBackup's snapshot record is removed from the
// repository of (its location, its pod's namespace); the data goes at the next maintenance.
import type { PodVolumeBackup } from "../../lib/api/index.js";
import { errorMessage } from "../../lib/errors.js";
import { RepositoryNotFoundError } from "../../lib/repository/index.js";
import type { PodVolumeSnapshotDeleter } from "../deletion/index.js";
import type { LocationRepositories, RepositoryTarget } from "./location-repositories.js";

function targetKey(target: RepositoryTarget): string {
  return `${target.location}\u0000${target.volumeNamespace}`;
}

/** The PodVolumeBackups with a snapshot, grouped by repository. */
export function snapshotsByRepository(
  pvbs: readonly PodVolumeBackup[],
  defaultLocation: string,
): Map<string, { target: RepositoryTarget; pvbs: PodVolumeBackup[] }> {
  const groups = new Map<string, { target: RepositoryTarget; pvbs: PodVolumeBackup[] }>();
  for (const pvb of pvbs) {
    if ((pvb.status?.snapshotID ?? "") === "") continue;
    const target = {
      location: pvb.spec.backupStorageLocation || defaultLocation,
      volumeNamespace: pvb.spec.pod.namespace ?? "",
    };
    const key = targetKey(target);
    const group = groups.get(key) ?? { target, pvbs: [] };
    group.pvbs.push(pvb);
    groups.set(key, group);
  }
  return groups;
}

function volumeOf(pvb: PodVolumeBackup): string {
  const { namespace = "", name = "" } = pvb.spec.pod;
  return `${namespace}/${name}/${pvb.spec.volume}`;
}

async function deleteFromRepository(
  repositories: Pick<LocationRepositories, "open">,
  target: RepositoryTarget,
  pvbs: readonly PodVolumeBackup[],
): Promise<string[]> {
  let opened;
  try {
    opened = await repositories.open(target);
  } catch (error) {
    if (error instanceof RepositoryNotFoundError) return [];
    const where = `repository of namespace ${target.volumeNamespace} in location ${target.location}`;
    return [`error opening the ${where}: ${errorMessage(error)}`];
  }
  const messages: string[] = [];
  try {
    for (const pvb of pvbs) {
      const id = pvb.status?.snapshotID ?? "";
      await opened.repository.deleteSnapshot(id).catch((error: unknown) => {
        messages.push(
          `error deleting snapshot ${id} of volume ${volumeOf(pvb)}: ${errorMessage(error)}`,
        );
      });
    }
  } finally {
    await opened.repository.close();
  }
  return messages;
}

/**
 * The deleter over `repositories` (opened without creating). Idempotent: a missing repository
 * or snapshot counts as deleted; every other failure is one message.
 */
export function repositorySnapshotDeleter(
  repositories: Pick<LocationRepositories, "open">,
): PodVolumeSnapshotDeleter {
  return {
    deleteSnapshots: async (request) => {
      const defaultLocation = request.backup.spec.storageLocation ?? "";
      const messages: string[] = [];
      for (const { target, pvbs } of snapshotsByRepository(
        request.podVolumeBackups,
        defaultLocation,
      ).values()) {
        request.signal.throwIfAborted();
        messages.push(...(await deleteFromRepository(repositories, target, pvbs)));
      }
      return messages;
    },
  };
}
