// velero.io/csi-pvc-backupper: snapshots a PVC's CSI volume during a backup and decides what
// becomes of the ready snapshot: kept as a CSI snapshot (its VolumeSnapshot is backed up with
// the PVC) or, with `snapshotMoveData`, handed to the data mover.
import {
  BACKUP_NAME_LABEL,
  MUST_INCLUDE_ADDITIONAL_ITEMS_ANNOTATION,
  parseDuration,
  VOLUME_SNAPSHOT_NAME_LABEL,
  VOLUME_SNAPSHOTS_RESOURCE,
  type Backup,
  type VolumeSnapshotClass,
  binaryQuantity,
  quantityBytes,
} from "../../lib/api/index.js";
import type { KubeObject } from "../../lib/kube/index.js";
import type { Logger } from "../../lib/log.js";
import type {
  BackupItemAction,
  BackupItemActionInput,
  BackupItemActionOutput,
  ResourceIdentifier,
} from "../item-actions/index.js";
import { planClaimSnapshot, PodsByNamespace } from "./claim-snapshot-plan.js";
import { takeCsiSnapshot, type CsiSnapshot, type CsiSnapshotDeps } from "./csi-snapshot.js";
import { UnsnapshottableClaimError } from "./errors.js";
import { selectSnapshotClass } from "./snapshot-class.js";

/** Velero's default `csiSnapshotTimeout`. */
export const DEFAULT_CSI_SNAPSHOT_TIMEOUT_MS = 10 * 60_000;

/** What the data mover is given for one PVC whose snapshot is ready. */
export interface SnapshotDataMoveRequest {
  /** The PVC as it will be written (the mover may add labels and annotations). */
  readonly pvc: KubeObject;
  readonly snapshot: CsiSnapshot;
  readonly backup: Backup;
  readonly log: Logger;
}

/**
 * The seam of `--snapshot-move-data`. Contract: called by the PVC action (never concurrently
 * within a backup) instead of keeping the snapshot, only when `backup.spec.snapshotMoveData`
 * is true; it owns the snapshot from then on (Velero: creates a DataUpload, the VolumeSnapshot
 * is removed after the upload) and returns what the action returns for the PVC. A throw fails
 * the PVC (an error in the backup's results).
 */
export interface SnapshotDataMover {
  moveSnapshotData(request: SnapshotDataMoveRequest): Promise<BackupItemActionOutput>;
}

/** What the action needs. */
export interface PvcBackupActionDeps extends CsiSnapshotDeps {
  /** The data mover; without one, a backup with `snapshotMoveData` fails its CSI PVCs. */
  readonly dataMover?: SnapshotDataMover;
}

/** The backup's `csiSnapshotTimeout` in ms (Velero: 0 or unset ⇒ 10 minutes). */
export function csiSnapshotTimeoutMs(backup: Backup): number {
  const value = backup.spec.csiSnapshotTimeout;
  const ms = value === undefined || value === "" ? 0 : parseDuration(value);
  return ms > 0 ? ms : DEFAULT_CSI_SNAPSHOT_TIMEOUT_MS;
}

/** Velero's CSI PVC backup item action for one backup (its pod lists are cached per backup). */
export function createPvcBackupAction(deps: PvcBackupActionDeps): BackupItemAction {
  const pods = new PodsByNamespace(deps.api);
  return {
    name: "velero.io/csi-pvc-backupper",
    appliesTo: () => ({ includedResources: ["persistentvolumeclaims"] }),
    execute: (input) => snapshotClaim(deps, pods, input),
  };
}

async function snapshotClaim(
  deps: PvcBackupActionDeps,
  pods: PodsByNamespace,
  input: BackupItemActionInput,
): Promise<BackupItemActionOutput> {
  const { item: pvc, backup, log } = input;
  log.info("Starting PVCBackupItemAction");
  const plan = await planClaimSnapshot(deps.api, { pvc, backup, pods });
  if (plan.kind === "skip") {
    log.info(`Skipping CSI snapshot of PVC: ${plan.reason}`);
    return { item: pvc, additionalItems: [] };
  }
  const mover = backup.spec.snapshotMoveData === true ? dataMoverOf(deps) : undefined;
  const snapshotClass = await chooseClass(deps, { pvc, backup, driver: plan.driver });
  log.info(`VolumeSnapshotClass=${snapshotClass.metadata.name ?? ""}`);
  const snapshot = await takeCsiSnapshot(deps, {
    pvc,
    backup,
    snapshotClass,
    timeoutMs: csiSnapshotTimeoutMs(backup),
    log,
  });
  if (mover !== undefined) return mover.moveSnapshotData({ pvc, snapshot, backup, log });
  return keepSnapshot(pvc, snapshot, input);
}

function dataMoverOf(deps: PvcBackupActionDeps): SnapshotDataMover {
  if (deps.dataMover === undefined) {
    throw new UnsnapshottableClaimError(
      "snapshotMoveData is set but this agent has no data mover for CSI snapshots",
    );
  }
  return deps.dataMover;
}

async function chooseClass(
  deps: PvcBackupActionDeps,
  target: { readonly pvc: KubeObject; readonly backup: Backup; readonly driver: string },
): Promise<VolumeSnapshotClass> {
  const { pvc, backup } = target;
  return selectSnapshotClass(await deps.api.classes.list(), {
    driver: target.driver,
    claimName: pvc.metadata?.name ?? "",
    claimAnnotations: pvc.metadata?.annotations,
    backupName: backup.metadata.name ?? "",
    backupAnnotations: backup.metadata.annotations,
  });
}

/** The PVC labelled and annotated with its snapshot, which is backed up right after it. */
function keepSnapshot(
  pvc: KubeObject,
  snapshot: CsiSnapshot,
  input: BackupItemActionInput,
): BackupItemActionOutput {
  const vsName = snapshot.vs.metadata.name ?? "";
  const namespace = snapshot.vs.metadata.namespace ?? "";
  raiseRequestToRestoreSize(pvc, snapshot, input.log);
  const metadata = (pvc.metadata ??= {});
  metadata.labels = {
    ...metadata.labels,
    [VOLUME_SNAPSHOT_NAME_LABEL]: vsName,
    [BACKUP_NAME_LABEL]: input.backup.metadata.name ?? "",
  };
  metadata.annotations = {
    ...metadata.annotations,
    [VOLUME_SNAPSHOT_NAME_LABEL]: vsName,
    [MUST_INCLUDE_ADDITIONAL_ITEMS_ANNOTATION]: "true",
  };
  const additionalItems: ResourceIdentifier[] = [
    { groupResource: VOLUME_SNAPSHOTS_RESOURCE, namespace, name: vsName },
  ];
  input.log.info("Returning from PVCBackupItemAction with 1 additionalItems to backup");
  return { item: pvc, additionalItems };
}

/** Velero's setPVCRequestSizeToVSRestoreSize: a restore must ask for at least the snapshot's size. */
function raiseRequestToRestoreSize(pvc: KubeObject, snapshot: CsiSnapshot, log: Logger): void {
  const restoreSize = snapshot.vsc.status?.restoreSize;
  if (restoreSize === undefined) return;
  const spec = (pvc["spec"] ??= {}) as { resources?: { requests?: Record<string, string> } };
  const requests = ((spec.resources ??= {}).requests ??= {});
  if (restoreSize <= quantityBytes(requests["storage"])) return;
  requests["storage"] = binaryQuantity(restoreSize);
  log.info(`Resource requirement of PVC is updated to ${requests["storage"]}`);
}
