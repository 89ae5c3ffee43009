// The pod volume backupper wired to the agent: PodVolumeBackups through the API, claims and
// node-agent pods read from the cluster, repositories ensured as Velero's Ensurer does, and the
// backup controller that uses it.
import type { Backup } from "../../lib/api/index.js";
import type { AgentContext, AgentController } from "../agent-context.js";
import type { PodVolumeBackupperFactory } from "../backup/index.js";
import { createBackupController } from "../controllers/backup-controller.js";
import { agentBackupItemActions } from "../csi/index.js";
import { createResourceFilter, NamespaceFilter, type ResourceInfo } from "../filters/index.js";
import { agentRepositoryEnsurer } from "./agent-repository-ensurer.js";
import { apiClaimReader } from "./claim-reader.js";
import { checkNodeAgentRunning } from "./node-agent-pods.js";
import { podVolumeBackups } from "./pod-volume-backups.js";

const claimsResource: ResourceInfo = { groupResource: "persistentvolumeclaims", namespaced: true };
const claimNames = new Set(["persistentvolumeclaims", "persistentvolumeclaim", "pvc"]);

/** True when the backup's resource filters leave PersistentVolumeClaims out. */
export function backupExcludesClaims(backup: Backup): boolean {
  const filter = createResourceFilter(backup.spec, new NamespaceFilter([], []), (name) =>
    claimNames.has(name.toLowerCase()) ? claimsResource : { groupResource: name, namespaced: true },
  );
  return !filter.shouldInclude(claimsResource) || filter.shouldExclude(claimsResource);
}

/** The agent's pod volume backupper factory (see pod-volume-backups.ts). */
export function agentPodVolumeBackups(ctx: AgentContext): PodVolumeBackupperFactory {
  return podVolumeBackups({
    pvbs: {
      create: (pvb) => ctx.velero.podVolumeBackups.create(pvb),
      list: (selector) => ctx.velero.podVolumeBackups.list(selector),
    },
    claims: apiClaimReader(ctx.rest),
    checkNodeAgent: (node) => checkNodeAgentRunning(ctx.rest, ctx.config.namespace, node),
    ensureRepository: agentRepositoryEnsurer(ctx),
    clock: ctx.clock,
    excludesClaims: backupExcludesClaims,
  });
}

/** The `backup` controller with file-system backup of pod volumes (and CSI snapshots with EnableCSI). */
export function backupControllerWithPodVolumes(ctx: AgentContext): AgentController {
  return createBackupController(ctx, {
    podVolumes: agentPodVolumeBackups(ctx),
    actions: agentBackupItemActions(ctx),
  });
}
