// DeleteBackupRequest controller: processes each new request step by step (see
// agent/deletion's processDeleteBackupRequest) and deletes requests 24 h after they were made.
import type { DeleteBackupRequest } from "../../lib/api/index.js";
import { isNotFound } from "../../lib/kube/index.js";
import type { ReconcileResult } from "../../lib/reconcile/index.js";
import type { AgentContext, AgentControllerFactory } from "../agent-context.js";
import {
  noPodVolumeSnapshotDeletion,
  processDeleteBackupRequest,
  type BackupDeletionDeps,
  type PodVolumeSnapshotDeleter,
} from "../deletion/index.js";
import { kindController } from "./kind-controller.js";

/** Options of {@link createDeleteBackupRequestController}. */
export interface DeleteBackupRequestControllerOptions {
  /** Deletes file-system snapshots (default: none; the node-agent side provides one). */
  readonly snapshots?: PodVolumeSnapshotDeleter;
  /** How long to wait for restores of a deleted backup to go (default 60 s). */
  readonly restoreWaitMs?: number;
}

/** Reconciles one request by name (read fresh from the API). */
export async function reconcileDeleteBackupRequest(
  deps: BackupDeletionDeps,
  name: string,
  signal: AbortSignal,
): Promise<ReconcileResult | undefined> {
  let request: DeleteBackupRequest;
  try {
    request = await deps.velero.deleteBackupRequests.get(name);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  return processDeleteBackupRequest(deps, request, signal);
}

/** The deletion dependencies taken from the agent's context. */
export function deletionDeps(
  ctx: AgentContext,
  options: DeleteBackupRequestControllerOptions = {},
): BackupDeletionDeps {
  return {
    velero: ctx.velero,
    locations: ctx.locations,
    snapshots: options.snapshots ?? noPodVolumeSnapshotDeletion,
    clock: ctx.clock,
    logger: ctx.logger.child({ controller: "backup-deletion" }),
    metrics: ctx.metrics,
    ...(options.restoreWaitMs === undefined ? {} : { restoreWaitMs: options.restoreWaitMs }),
  };
}

/** A factory of the `backup-deletion` controller with these options. */
export function createDeleteBackupRequestController(
  options: DeleteBackupRequestControllerOptions = {},
): AgentControllerFactory {
  return (ctx) => {
    const deps = deletionDeps(ctx, options);
    return kindController<DeleteBackupRequest>(ctx, {
      name: "backup-deletion",
      kind: "DeleteBackupRequest",
      resyncMs: 3_600_000,
      reconciler: () => ({
        reconcile: (name, signal) => reconcileDeleteBackupRequest(deps, name, signal),
      }),
    });
  };
}

/** The `backup-deletion` controller without file-system snapshot deletion. */
export const deleteBackupRequestController: AgentControllerFactory =
  createDeleteBackupRequestController();
