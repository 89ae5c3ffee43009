// The pod volume restorer wired to the agent: PodVolumeRestores through the API, repositories
// ensured as for backups, the restore-wait image taken from the agent's own Deployment (else
// this release's image), and the restore controller that uses it.
import { VERSION } from "../../lib/build-info.js";
import { isNotFound, ResourceClient, type KubeObject } from "../../lib/kube/index.js";
import type { AgentContext, AgentController } from "../agent-context.js";
import { createRestoreController } from "../controllers/restore-controller.js";
import { agentRestoreItemActions } from "../csi/index.js";
import type { PodVolumeRestorerFactory } from "../restore/pod-volume-restorer.js";
import { agentRepositoryEnsurer } from "./agent-repository-ensurer.js";
import { podVolumeRestores } from "./pod-volume-restores.js";

/** The agent Deployment `kubectl velero install` creates, whose image the helper reuses. */
const AGENT_DEPLOYMENT = "velero";
/** This release's image, for an agent that does not run from the Deployment. */
export const DEFAULT_HELPER_IMAGE = `ghcr.io/kubectl-velero/velero:v${VERSION}`;

interface DeploymentShape extends KubeObject {
  spec?: { template?: { spec?: { containers?: { name: string; image?: string }[] } } };
}

async function agentImage(ctx: AgentContext): Promise<string> {
  const deployments = new ResourceClient<DeploymentShape>(ctx.rest, {
    group: "apps",
    version: "v1",
    resource: "deployments",
    namespaced: true,
  });
  try {
    const deployment = await deployments.get(AGENT_DEPLOYMENT, ctx.config.namespace);
    const containers = deployment.spec?.template?.spec?.containers ?? [];
    const agent = containers.find((c) => c.name === "velero") ?? containers[0];
    return agent?.image ?? DEFAULT_HELPER_IMAGE;
  } catch (error) {
    if (isNotFound(error)) return DEFAULT_HELPER_IMAGE;
    throw error;
  }
}

/** The agent's pod volume restorer factory (see pod-volume-restores.ts). */
export function agentPodVolumeRestores(ctx: AgentContext): PodVolumeRestorerFactory {
  let image: Promise<string> | undefined;
  return podVolumeRestores({
    pvrs: {
      create: (pvr) => ctx.velero.podVolumeRestores.create(pvr),
      list: (selector) => ctx.velero.podVolumeRestores.list(selector),
    },
    ensureRepository: agentRepositoryEnsurer(ctx),
    helperImage: () => {
      image ??= agentImage(ctx).catch((error: unknown) => {
        image = undefined;
        throw error;
      });
      return image;
    },
    clock: ctx.clock,
  });
}

/** The `restore` controller with file-system restore of pod volumes (and CSI snapshots with EnableCSI). */
export function restoreControllerWithPodVolumes(ctx: AgentContext): AgentController {
  return createRestoreController(ctx, {
    podVolumes: agentPodVolumeRestores(ctx),
    actions: agentRestoreItemActions(ctx),
  });
}
