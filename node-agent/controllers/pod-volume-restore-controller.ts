// The `pod-volume-restore` controller: PodVolumeRestores whose pod is scheduled on this node.
import type { PodVolumeRestore, PodVolumeRestorePhase } from "../../lib/api/index.js";
import type { NodeAgentContext, NodeAgentController } from "../node-agent-context.js";
import { RunningOperations } from "../running-operations.js";
import { restoreVolume } from "../volume-restore.js";
import { PodVolumeRestoreReconciler } from "./pod-volume-restore-reconciler.js";
import { getOrUndefined } from "../../lib/kube/index.js";
import { veleroKindWatch } from "./velero-kind-watch.js";

const finalPhases: readonly PodVolumeRestorePhase[] = ["Completed", "Failed", "Canceled"];

/** Builds the controller from the node-agent's context. */
export function podVolumeRestoreController(ctx: NodeAgentContext): NodeAgentController {
  const operations = new RunningOperations(ctx.config.concurrency, ctx.logger);
  const pvrs = ctx.velero.podVolumeRestores;
  const nodeName = ctx.config.nodeName;
  const reconciler = new PodVolumeRestoreReconciler({
    nodeName,
    pvrs: {
      get: (name) => getOrUndefined(() => pvrs.get(name)),
      patchStatus: (name, status) => pvrs.patchStatus(name, status),
    },
    getPod: (namespace, name) => ctx.locator.getPod(namespace, name),
    restore: (pvr, hooks) =>
      restoreVolume(
        {
          locator: ctx.locator,
          repositories: ctx.repositories,
          clock: ctx.clock,
          prepareTimeoutMs: ctx.config.prepareTimeoutMs,
        },
        pvr,
        hooks,
      ),
    operations,
    clock: ctx.clock,
    logger: ctx.logger.child({ controller: "pod-volume-restore" }),
  });
  return veleroKindWatch<PodVolumeRestore>(ctx, {
    name: "pod-volume-restore",
    kind: "PodVolumeRestore",
    operations,
    reconcile: (name) => reconciler.reconcile(name),
    isInteresting: (pvr) => {
      const phase = pvr.status?.phase ?? "New";
      if (finalPhases.includes(phase)) return false;
      if (phase !== "New" && pvr.status?.node !== nodeName) return false;
      return !operations.has(pvr.metadata.name ?? "") || pvr.spec.cancel === true;
    },
  });
}
