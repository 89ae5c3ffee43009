// velero.io/csi-pvc-restorer: a PVC backed up with a CSI snapshot is restored to be provisioned
// from that snapshot (its `dataSource` names the restored VolumeSnapshot, its `volumeName` goes);
// with `restorePVs: false` it loses its volume and data source instead; a PVC whose data was
// moved goes to the data mover.
import {
  SNAPSHOT_GROUP,
  VOLUME_SNAPSHOT_NAME_LABEL,
  VOLUME_SNAPSHOTS_RESOURCE,
  type Backup,
  type Restore,
} from "../../lib/api/index.js";
import type { KubeObject } from "../../lib/kube/index.js";
import type { Logger } from "../../lib/log.js";
import type {
  RestoreItemAction,
  RestoreItemActionInput,
  RestoreItemActionOutput,
} from "../restore-actions/index.js";
import type { CsiApi } from "./csi-api.js";
import { restoredSnapshotName, skipsVolumes } from "./snapshot-restore-actions.js";

/** What the data mover is given for a PVC whose backup moved its snapshot's data. */
export interface MovedDataRestoreRequest {
  /** The PVC about to be created (still in its backed-up namespace). */
  readonly pvc: KubeObject;
  readonly pvcFromBackup: Readonly<KubeObject>;
  readonly targetNamespace: string;
  readonly restore: Restore;
  readonly backup: Backup;
  readonly log: Logger;
}

/**
 * The restore side of `--snapshot-move-data`. Contract: called instead of the CSI snapshot
 * path when the backup has `snapshotMoveData: true` and `restorePVs` is not false; returns
 * what the PVC action returns (Velero: creates a DataDownload and rewrites the PVC to bind to
 * the volume it fills). A throw fails the PVC.
 */
export interface MovedDataRestorer {
  restoreMovedData(request: MovedDataRestoreRequest): Promise<RestoreItemActionOutput>;
}

/** What the action needs. */
export interface PvcRestoreActionDeps {
  readonly api: CsiApi;
  /** The restore's Backup (Velero reads it for `snapshotMoveData`). */
  readonly getBackup: (namespace: string, name: string) => Promise<Backup | undefined>;
  readonly dataRestorer?: MovedDataRestorer;
}

interface ClaimSpec {
  volumeName?: string;
  dataSource?: unknown;
  dataSourceRef?: unknown;
}

function claimSpec(pvc: KubeObject): ClaimSpec {
  pvc["spec"] ??= {};
  return pvc["spec"] as ClaimSpec;
}

/** Velero's CSI PVC restore item action. */
export function createPvcRestoreAction(deps: PvcRestoreActionDeps): RestoreItemAction {
  return {
    name: "velero.io/csi-pvc-restorer",
    appliesTo: () => ({ includedResources: ["persistentvolumeclaims"] }),
    execute: (input) => restoreClaim(deps, input),
  };
}

async function restoreClaim(
  deps: PvcRestoreActionDeps,
  input: RestoreItemActionInput,
): Promise<RestoreItemActionOutput> {
  const { item: pvc, restore, log } = input;
  const name = pvc.metadata?.name ?? "";
  log.info("Starting PVCRestoreItemAction for PVC");
  if ((await deps.api.claims.get(input.targetNamespace, name)) !== undefined) {
    log.warn("PVC already exists. Skip restore this PVC.");
    return { item: pvc };
  }
  if (skipsVolumes(restore)) {
    log.info("Restore did not request for PVs to be restored from snapshot");
    const spec = claimSpec(pvc);
    delete spec.volumeName;
    delete spec.dataSource;
    delete spec.dataSourceRef;
    return { item: pvc };
  }
  const backupName = restore.spec.backupName ?? "";
  const backup = await deps.getBackup(restore.metadata.namespace ?? "", backupName);
  if (backup === undefined) throw new Error(`fail to get backup for restore: ${backupName}`);
  if (backup.spec.snapshotMoveData === true) {
    if (deps.dataRestorer === undefined) {
      log.warn("PVC's data was moved, but this agent has no data mover to restore it.");
      return { item: pvc };
    }
    return deps.dataRestorer.restoreMovedData({
      pvc,
      pvcFromBackup: input.itemFromBackup,
      targetNamespace: input.targetNamespace,
      restore,
      backup,
      log,
    });
  }
  return fromSnapshot(input);
}

function fromSnapshot(input: RestoreItemActionInput): RestoreItemActionOutput {
  const { item: pvc, log } = input;
  const vsName = input.itemFromBackup.metadata?.annotations?.[VOLUME_SNAPSHOT_NAME_LABEL];
  if (vsName === undefined) {
    log.info("Skipping PVCRestoreItemAction for PVC, PVC does not have a CSI VolumeSnapshot.");
    return { item: pvc };
  }
  const restoredName = restoredSnapshotName(input.restore.metadata.uid ?? "", vsName);
  const spec = claimSpec(pvc);
  delete spec.volumeName;
  delete spec.dataSourceRef;
  spec.dataSource = { apiGroup: SNAPSHOT_GROUP, kind: "VolumeSnapshot", name: restoredName };
  log.info(`Setting PVC source to VolumeSnapshot new name: ${restoredName}`);
  return {
    item: pvc,
    additionalItems: [
      {
        groupResource: VOLUME_SNAPSHOTS_RESOURCE,
        namespace: pvc.metadata?.namespace ?? "",
        name: vsName,
      },
    ],
  };
}
