// Snapshot data movement wired to the agent: the backup controller whose CSI PVC action hands
// ready snapshots to the DataUpload mover (and whose volume infos include the moved volumes),
// and the restore controller whose CSI PVC action creates DataDownloads, with Velero's
// DataUpload retrieve action and the wait for the DataDownloads.
import { ResourceClient, getOrUndefined, type KubeObject } from "../../lib/kube/index.js";
import type { AgentContext, AgentController } from "../agent-context.js";
import { createBackupController } from "../controllers/backup-controller.js";
import { createRestoreController } from "../controllers/restore-controller.js";
import {
  agentBackupItemActions,
  agentRestoreItemActions,
  type CsiDataMovement,
} from "../csi/index.js";
import { agentPodVolumeBackups } from "../pod-volumes/agent-pod-volume-backups.js";
import { agentPodVolumeRestores } from "../pod-volumes/agent-pod-volume-restores.js";
import { agentRepositoryEnsurer } from "../pod-volumes/agent-repository-ensurer.js";
import type { RestoreItemActionFactory } from "../restore-actions/index.js";
import { withDataDownloads } from "./data-download-waiter.js";
import { createDataUploadRetrieveAction } from "./data-upload-result.js";
import { withDataUploadVolumeInfos } from "./data-upload-volume-infos.js";
import { createMovedDataRestorer } from "./moved-data-restorer.js";
import { createSnapshotDataMover } from "./snapshot-data-mover.js";

const core = (resource: string, namespaced: boolean) => ({
  group: "",
  version: "v1",
  resource,
  namespaced,
});

/** The mover and restorer the CSI PVC actions hand moved volumes to. */
export function agentDataMovement(ctx: AgentContext): Required<CsiDataMovement> {
  const configMaps = new ResourceClient<KubeObject>(ctx.rest, core("configmaps", true));
  return {
    dataMover: createSnapshotDataMover({
      dataUploads: {
        create: (du) => ctx.velero.dataUploads.create(du),
        get: (name) => ctx.velero.dataUploads.get(name),
      },
      ensureRepository: agentRepositoryEnsurer(ctx),
      clock: ctx.clock,
    }),
    dataRestorer: createMovedDataRestorer({
      listConfigMaps: async (namespace, labelSelector) =>
        (await configMaps.list({ namespace, labelSelector })).items,
      createDataDownload: (dd) => ctx.velero.dataDownloads.create(dd),
      volumeInfos: async (backup) => {
        const { store } = await ctx.locations.open(backup.spec.storageLocation ?? "");
        return store.getBackupVolumeInfos(backup.metadata.name ?? "");
      },
    }),
  };
}

/** Velero's `velero.io/dataupload-retrieve` restore action over the agent's clients. */
export function dataUploadRetrieveAction(ctx: AgentContext): RestoreItemActionFactory {
  const configMaps = new ResourceClient<KubeObject>(ctx.rest, core("configmaps", true));
  return () =>
    createDataUploadRetrieveAction({
      createConfigMap: (configMap) =>
        configMaps.create(configMap, { namespace: configMap.metadata?.namespace }),
      getBackupLocation: async (restore) => {
        const backup = await getOrUndefined(() =>
          ctx.velero.backups.get(restore.spec.backupName ?? ""),
        );
        return backup?.spec.storageLocation ?? "";
      },
    });
}

/** The `backup` controller with pod volumes, CSI snapshots and snapshot data movement. */
export function backupControllerWithDataMovement(ctx: AgentContext): AgentController {
  const claims = new ResourceClient<KubeObject>(ctx.rest, core("persistentvolumeclaims", true));
  const volumes = new ResourceClient<KubeObject>(ctx.rest, core("persistentvolumes", false));
  return createBackupController(ctx, {
    actions: agentBackupItemActions(ctx, agentDataMovement(ctx)),
    podVolumes: withDataUploadVolumeInfos(agentPodVolumeBackups(ctx), {
      listDataUploads: (selector) => ctx.velero.dataUploads.list(selector),
      getClaim: (namespace, name) => getOrUndefined(() => claims.get(name, namespace)),
      getVolume: (name) => getOrUndefined(() => volumes.get(name)),
    }),
  });
}

/** The `restore` controller with pod volumes, CSI snapshots and snapshot data movement. */
export function restoreControllerWithDataMovement(ctx: AgentContext): AgentController {
  const configMaps = new ResourceClient<KubeObject>(ctx.rest, core("configmaps", true));
  return createRestoreController(ctx, {
    actions: [
      ...agentRestoreItemActions(ctx, agentDataMovement(ctx)),
      dataUploadRetrieveAction(ctx),
    ],
    podVolumes: withDataDownloads(agentPodVolumeRestores(ctx), {
      listDataDownloads: (selector) => ctx.velero.dataDownloads.list(selector),
      deleteConfigMaps: async (namespace, labelSelector) => {
        const found = await configMaps.list({ namespace, labelSelector });
        for (const cm of found.items) {
          await configMaps.delete(cm.metadata?.name ?? "", { namespace });
        }
      },
      clock: ctx.clock,
    }),
  });
}
