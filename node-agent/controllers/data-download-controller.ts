// The `data-download` controller: DataDownloads of snapshot data movement, claimed by one
// node-agent, whose target volume is exposed on its node and filled from the repository.
import type { DataDownload } from "../../lib/api/index.js";
import { getOrUndefined } from "../../lib/kube/index.js";
import { acceptByReplace } from "../data-movement/accept-object.js";
import { createDataMoverClients } from "../data-movement/cluster-objects.js";
import { operationTimeoutMs } from "../data-movement/csi-snapshot-exposer.js";
import {
  DataMovementReconciler,
  isDataMovementInteresting,
} from "../data-movement/data-movement-reconciler.js";
import { nodeAgentImage, waitForRunningPod } from "../data-movement/hosting-pod.js";
import { RestoreExposer } from "../data-movement/restore-exposer.js";
import { downloadIntoHostedVolume } from "../data-movement/volume-data-path.js";
import type { NodeAgentContext, NodeAgentController } from "../node-agent-context.js";
import { RunningOperations } from "../running-operations.js";
import type { VolumeRestoreResult } from "../volume-restore.js";
import { veleroKindWatch } from "./velero-kind-watch.js";

/** Builds the controller from the node-agent's context. */
export function dataDownloadController(ctx: NodeAgentContext): NodeAgentController {
  const operations = new RunningOperations(ctx.config.concurrency, ctx.logger);
  const dds = ctx.velero.dataDownloads;
  const clients = createDataMoverClients(ctx.rest);
  const exposer = new RestoreExposer({
    clients,
    nodeName: ctx.config.nodeName,
    clock: ctx.clock,
    image: () => nodeAgentImage(clients, ctx.config.namespace),
  });
  const reconciler = new DataMovementReconciler<DataDownload, VolumeRestoreResult>({
    kind: "DataDownload",
    nodeName: ctx.config.nodeName,
    objects: {
      get: (name) => getOrUndefined(() => dds.get(name)),
      patchStatus: (name, status) => dds.patchStatus(name, status),
      accept: (object, status) => acceptByReplace(dds, object, status),
    },
    prepare: async (dd, signal) => {
      const timeoutMs = operationTimeoutMs(dd.spec.operationTimeout);
      await exposer.expose(dd, timeoutMs, signal);
      await waitForRunningPod(
        { clients, clock: ctx.clock, timeoutMs: ctx.config.prepareTimeoutMs, signal },
        dd.spec.targetVolume.namespace,
        dd.metadata.name ?? "",
      );
    },
    transfer: (dd, hooks) =>
      downloadIntoHostedVolume(
        { locator: ctx.locator, repositories: ctx.repositories, clock: ctx.clock },
        dd,
        hooks,
      ),
    completedStatus: (result) => ({
      progress: { totalBytes: result.totalBytes, bytesDone: result.totalBytes },
    }),
    cleanUp: (dd) => exposer.cleanUp(dd),
    counters: {
      success: ctx.metrics.dataDownloadSuccess,
      failure: ctx.metrics.dataDownloadFailure,
      cancel: ctx.metrics.dataDownloadCancel,
    },
    operations,
    clock: ctx.clock,
    logger: ctx.logger.child({ controller: "data-download" }),
  });
  return veleroKindWatch<DataDownload>(ctx, {
    name: "data-download",
    kind: "DataDownload",
    operations,
    reconcile: (name) => reconciler.reconcile(name),
    isInteresting: (dd) =>
      isDataMovementInteresting(dd, ctx.config.nodeName) &&
      (!operations.has(dd.metadata.name ?? "") || dd.spec.cancel === true),
  });
}
