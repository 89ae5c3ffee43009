// Step 4: the target's backup sync brings the backup into the target cluster; the CLI asks
// the target agent to sync the location now (the agent's sync request annotation) instead of
// waiting out a whole sync period, and asks again while the backup has not appeared.
import { SYNC_REQUEST_ANNOTATION, formatTime, type Backup } from "../../lib/api/index.js";
import { isNotFound } from "../../lib/kube/index.js";
import { describeSide, type ClusterSide } from "./cluster-side.js";
import type { Deadline } from "./deadline.js";

/** How often a sync is asked for again while the backup is still missing. */
const askAgainMs = 5_000;

async function requestSync(target: ClusterSide, location: string, now: Date): Promise<void> {
  await target.clients.backupStorageLocations.patch(location, {
    metadata: { annotations: { [SYNC_REQUEST_ANNOTATION]: formatTime(now) } },
  });
}

async function findBackup(target: ClusterSide, name: string): Promise<Backup | undefined> {
  try {
    return await target.clients.backups.get(name);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** Resolves with the target's copy of backup `name` once the target's sync created it. */
export async function waitForSyncedBackup(
  input: { readonly target: ClusterSide; readonly location: string; readonly backup: string },
  deadline: Deadline,
): Promise<Backup> {
  const { target } = input;
  const clock = deadline.clock;
  let askedAt = Number.NEGATIVE_INFINITY;
  return deadline.poll(
    `backup "${input.backup}" to be synced into the ${describeSide(target)}`,
    async () => {
      const found = await findBackup(target, input.backup);
      if (found !== undefined) return found;
      const now = clock.now();
      if (now.getTime() - askedAt >= askAgainMs) {
        await requestSync(target, input.location, now);
        askedAt = now.getTime();
      }
      return undefined;
    },
    { intervalMs: 250 },
  );
}
