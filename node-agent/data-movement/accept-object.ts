// Claims a data-moving object for one node with an optimistic-concurrency update, so that of
// several node-agents racing for a New object exactly one wins (Velero's accept step).
import { ConflictError, type VeleroResourceClient } from "../../lib/kube/index.js";
import type { DataMovementStatus } from "./data-movement-reconciler.js";

interface Claimable {
  metadata: { resourceVersion?: string };
  status?: DataMovementStatus;
}

/**
 * Replaces `object` (as read, resourceVersion included) with `status` merged into its status.
 * Resolves false when another writer changed it first (409 Conflict).
 */
export async function acceptByReplace<T extends Claimable>(
  client: Pick<VeleroResourceClient<T & { apiVersion?: string }>, "replace">,
  object: T,
  status: DataMovementStatus,
): Promise<boolean> {
  try {
    await client.replace({ ...object, status: { ...object.status, ...status } });
    return true;
  } catch (error) {
    if (error instanceof ConflictError) return false;
    throw error;
  }
}
