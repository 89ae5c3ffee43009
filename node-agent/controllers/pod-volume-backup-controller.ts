// The `pod-volume-backup` controller: PodVolumeBackups whose `spec.node` is this node.
import type { PodVolumeBackup, PodVolumeBackupPhase } from "../../lib/api/index.js";
import type { NodeAgentContext, NodeAgentController } from "../node-agent-context.js";
import { RunningOperations } from "../running-operations.js";
import { backUpVolume } from "../volume-backup.js";
import { isForNode, PodVolumeBackupReconciler } from "./pod-volume-backup-reconciler.js";
import { getOrUndefined } from "../../lib/kube/index.js";
import { veleroKindWatch } from "./velero-kind-watch.js";

const finalPhases: readonly PodVolumeBackupPhase[] = ["Completed", "Failed", "Canceled"];

/** Builds the controller from the node-agent's context. */
export function podVolumeBackupController(ctx: NodeAgentContext): NodeAgentController {
  const operations = new RunningOperations(ctx.config.concurrency, ctx.logger);
  const pvbs = ctx.velero.podVolumeBackups;
  const reconciler = new PodVolumeBackupReconciler({
    nodeName: ctx.config.nodeName,
    pvbs: {
      get: (name) => getOrUndefined(() => pvbs.get(name)),
      patchStatus: (name, status) => pvbs.patchStatus(name, status),
    },
    backUp: (pvb, hooks) =>
      backUpVolume({ locator: ctx.locator, repositories: ctx.repositories }, pvb, hooks),
    operations,
    clock: ctx.clock,
    logger: ctx.logger.child({ controller: "pod-volume-backup" }),
    metrics: ctx.metrics,
  });
  return veleroKindWatch<PodVolumeBackup>(ctx, {
    name: "pod-volume-backup",
    kind: "PodVolumeBackup",
    operations,
    reconcile: (name) => reconciler.reconcile(name),
    isInteresting: (pvb) => {
      if (!isForNode(pvb, ctx.config.nodeName)) return false;
      const phase = pvb.status?.phase ?? "New";
      if (finalPhases.includes(phase)) return false;
      const name = pvb.metadata.name ?? "";
      return !operations.has(name) || pvb.spec.cancel === true;
    },
  });
}
