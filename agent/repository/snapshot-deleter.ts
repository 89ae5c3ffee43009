// Deletes a backup's snapshots from their repositories (the deletion controller's
// PodVolumeSnapshotDeleter): each snapshot record (of a PodVolumeBackup or of moved CSI data)
// is removed from the repository of (its location, its volume's namespace); the data goes at
// the next maintenance.
import { errorMessage } from "../../lib/errors.js";
import { RepositoryNotFoundError } from "../../lib/repository/index.js";
import type { PodVolumeSnapshotDeleter, RepositorySnapshot } from "../deletion/index.js";
import type { LocationRepositories, RepositoryTarget } from "./location-repositories.js";

function targetKey(target: RepositoryTarget): string {
  return `${target.location}\u0000${target.volumeNamespace}`;
}

/** The snapshots grouped by repository. */
export function snapshotsByRepository(
  snapshots: readonly RepositorySnapshot[],
): Map<string, { target: RepositoryTarget; snapshots: RepositorySnapshot[] }> {
  const groups = new Map<string, { target: RepositoryTarget; snapshots: RepositorySnapshot[] }>();
  for (const snapshot of snapshots) {
    const target = { location: snapshot.location, volumeNamespace: snapshot.volumeNamespace };
    const key = targetKey(target);
    const group = groups.get(key) ?? { target, snapshots: [] };
    group.snapshots.push(snapshot);
    groups.set(key, group);
  }
  return groups;
}

async function deleteFromRepository(
  repositories: Pick<LocationRepositories, "open">,
  target: RepositoryTarget,
  snapshots: readonly RepositorySnapshot[],
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
    for (const { snapshotID, volume } of snapshots) {
      await opened.repository.deleteSnapshot(snapshotID).catch((error: unknown) => {
        messages.push(
          `error deleting snapshot ${snapshotID} of volume ${volume}: ${errorMessage(error)}`,
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
      const messages: string[] = [];
      for (const { target, snapshots } of snapshotsByRepository(request.snapshots).values()) {
        request.signal.throwIfAborted();
        messages.push(...(await deleteFromRepository(repositories, target, snapshots)));
      }
      return messages;
    },
  };
}
