// Deleting the Restores made from a backup that is being deleted, and waiting (bounded) for
// them to go: their finalizer removes `restores/<r>/` from the bucket first.
import type { Restore } from "../../lib/api/index.js";
import type { Clock } from "../../lib/clock.js";
import { errorMessage } from "../../lib/errors.js";
import { isNotFound, type VeleroResourceClient } from "../../lib/kube/index.js";

/** What the cleanup needs. */
export interface RestoreCleanupDeps {
  readonly velero: { readonly restores: VeleroResourceClient<Restore> };
  readonly clock: Clock;
  /** Default 60 s (Velero's). */
  readonly restoreWaitMs?: number;
  /** Default 1 s. */
  readonly restorePollMs?: number;
}

/**
 * Deletes every Restore whose `spec.backupName` is `backupName`, then waits until none is
 * left or the wait runs out. Resolves with one message per failure (a delete refused, or
 * restores still present at the end); listing failures reject.
 */
export async function deleteRestoresOf(
  deps: RestoreCleanupDeps,
  backupName: string,
  signal: AbortSignal,
): Promise<string[]> {
  const errors: string[] = [];
  const restores = await restoresOf(deps, backupName);
  if (restores.length === 0) return errors;
  for (const restore of restores) {
    const name = restore.metadata.name ?? "";
    try {
      await deps.velero.restores.delete(name);
    } catch (error) {
      if (!isNotFound(error)) errors.push(`error deleting restore ${name}: ${errorMessage(error)}`);
    }
  }
  const left = await waitUntilGone(deps, backupName, signal);
  if (left.length > 0) {
    errors.push(`timed out waiting for restores to be deleted: ${left.join(", ")}`);
  }
  return errors;
}

async function restoresOf(deps: RestoreCleanupDeps, backupName: string): Promise<Restore[]> {
  const all = await deps.velero.restores.list();
  return all.filter((r) => r.spec.backupName === backupName);
}

async function waitUntilGone(
  deps: RestoreCleanupDeps,
  backupName: string,
  signal: AbortSignal,
): Promise<string[]> {
  const deadline = deps.clock.now().getTime() + (deps.restoreWaitMs ?? 60_000);
  for (;;) {
    const left = (await restoresOf(deps, backupName)).map((r) => r.metadata.name ?? "");
    if (left.length === 0 || deps.clock.now().getTime() >= deadline || signal.aborted) return left;
    await deps.clock.sleep(deps.restorePollMs ?? 1_000, signal).catch(() => undefined);
  }
}
