// The `data-upload` controller: DataUploads of snapshot data movement, claimed by one
// node-agent, exposed on its node and uploaded into the repository there.
import type { DataUpload, DataUploadStatus } from "../../lib/api/index.js";
import { getOrUndefined } from "../../lib/kube/index.js";
import { acceptByReplace } from "../data-movement/accept-object.js";
import { createDataMoverClients } from "../data-movement/cluster-objects.js";
import { CsiSnapshotExposer } from "../data-movement/csi-snapshot-exposer.js";
import {
  DataMovementReconciler,
  isDataMovementInteresting,
} from "../data-movement/data-movement-reconciler.js";
import { nodeAgentImage, waitForRunningPod } from "../data-movement/hosting-pod.js";
import { uploadHostedVolume } from "../data-movement/volume-data-path.js";
import type { NodeAgentContext, NodeAgentController } from "../node-agent-context.js";
import { RunningOperations } from "../running-operations.js";
import type { VolumeBackupResult } from "../volume-backup.js";
import { veleroKindWatch } from "./velero-kind-watch.js";

/** The Completed status fields of an upload's result. */
export function uploadCompletedStatus(result: VolumeBackupResult): DataUploadStatus {
  return {
    path: result.path,
    snapshotID: result.snapshotId,
    incrementalBytes: result.incrementalBytes,
    progress: { totalBytes: result.totalBytes, bytesDone: result.totalBytes },
    ...(result.snapshotId === "" ? { message: "volume was empty so no data was uploaded" } : {}),
  };
}

/** Builds the controller from the node-agent's context. */
export function dataUploadController(ctx: NodeAgentContext): NodeAgentController {
  const operations = new RunningOperations(ctx.config.concurrency, ctx.logger);
  const dus = ctx.velero.dataUploads;
  const clients = createDataMoverClients(ctx.rest);
  const namespace = ctx.config.namespace;
  const exposer = new CsiSnapshotExposer({
    clients,
    namespace,
    nodeName: ctx.config.nodeName,
    clock: ctx.clock,
    image: () => nodeAgentImage(clients, namespace),
  });
  const reconciler = new DataMovementReconciler<DataUpload, VolumeBackupResult>({
    kind: "DataUpload",
    nodeName: ctx.config.nodeName,
    objects: {
      get: (name) => getOrUndefined(() => dus.get(name)),
      patchStatus: (name, status) => dus.patchStatus(name, status),
      accept: (object, status) => acceptByReplace(dus, object, status),
    },
    prepare: async (du, signal) => {
      await exposer.expose(du, signal);
      await waitForRunningPod(
        { clients, clock: ctx.clock, timeoutMs: ctx.config.prepareTimeoutMs, signal },
        namespace,
        du.metadata.name ?? "",
      );
    },
    transfer: (du, hooks) =>
      uploadHostedVolume(
        { locator: ctx.locator, repositories: ctx.repositories, clock: ctx.clock },
        du,
        { ...hooks, podNamespace: namespace },
      ),
    completedStatus: uploadCompletedStatus,
    cleanUp: (du) => exposer.cleanUp(du),
    counters: {
      success: ctx.metrics.dataUploadSuccess,
      failure: ctx.metrics.dataUploadFailure,
      cancel: ctx.metrics.dataUploadCancel,
    },
    operations,
    clock: ctx.clock,
    logger: ctx.logger.child({ controller: "data-upload" }),
  });
  return veleroKindWatch<DataUpload>(ctx, {
    name: "data-upload",
    kind: "DataUpload",
    operations,
    reconcile: (name) => reconciler.reconcile(name),
    isInteresting: (du) =>
      isDataMovementInteresting(du, ctx.config.nodeName) &&
      (!operations.has(du.metadata.name ?? "") || du.spec.cancel === true),
  });
}
