// Deleting a backup's CSI snapshots, as Velero's csi-volumesnapshotcontent-delete action does:
// the snapshot's content object, if still in the cluster, is set to Delete and deleted;
// otherwise a temporary content bound to nothing, pointing at the storage snapshot by handle
// with policy Delete, is created and deleted, so the CSI driver removes the snapshot. Which
// snapshots a backup holds is read from its volume info (Velero ≥ 1.13) or, for older backups,
// its `-csi-volumesnapshotcontents.json.gz`, rather than from the tarball's contents.
import { randomUUID } from "node:crypto";
import {
  BACKUP_NAME_LABEL,
  getValidLabelValue,
  SNAPSHOT_API_VERSION,
  type Backup,
  type VolumeSnapshotContent,
} from "../../lib/api/index.js";
import type { BackupStore, BackupVolumeInfo } from "../../lib/backup-store/index.js";
import type { Clock } from "../../lib/clock.js";
import { errorMessage } from "../../lib/errors.js";
import type { Logger } from "../../lib/log.js";
import type { PodVolumeSnapshotDeleter } from "../deletion/index.js";
import type { CsiApi } from "./csi-api.js";

/** One storage snapshot a backup holds. */
export interface HeldSnapshot {
  readonly vscName: string;
  readonly handle: string;
  readonly driver: string;
}

/** What deleting needs. */
export interface CsiSnapshotDeletionDeps {
  readonly api: CsiApi;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Pause between creating and deleting a temporary content (Velero: 2 s). */
  readonly gapMs?: number;
}

/** The CSI snapshots a backup's volume infos describe (moved data excluded). */
export function snapshotsInVolumeInfos(infos: readonly BackupVolumeInfo[]): HeldSnapshot[] {
  return infos.flatMap((info) => {
    const csi = info.csiSnapshotInfo;
    const held =
      info.backupMethod === "CSISnapshot" &&
      !info.snapshotDataMoved &&
      csi !== undefined &&
      csi.snapshotHandle !== "";
    return held ? [{ vscName: csi.vscName, handle: csi.snapshotHandle, driver: csi.driver }] : [];
  });
}

/** The snapshots of a pre-1.13 backup's content list that the backup itself took. */
export function snapshotsInContents(
  contents: readonly VolumeSnapshotContent[],
  backupName: string,
): HeldSnapshot[] {
  return contents.flatMap((vsc) => {
    const handle = vsc.status?.snapshotHandle;
    const ours = vsc.metadata.labels?.[BACKUP_NAME_LABEL] === getValidLabelValue(backupName);
    return ours && handle !== undefined
      ? [{ vscName: vsc.metadata.name ?? "", handle, driver: vsc.spec.driver }]
      : [];
  });
}

async function heldSnapshots(store: BackupStore, backupName: string): Promise<HeldSnapshot[]> {
  const infos = await store.getBackupVolumeInfos(backupName);
  if (infos.length > 0) return snapshotsInVolumeInfos(infos);
  const legacy = await store.getCSIVolumeSnapshotContents(backupName);
  return snapshotsInContents(legacy as unknown as VolumeSnapshotContent[], backupName);
}

/** Deletes one storage snapshot; resolves an error message, or undefined when it went. */
export async function deleteHeldSnapshot(
  deps: CsiSnapshotDeletionDeps,
  snapshot: HeldSnapshot,
): Promise<string | undefined> {
  const { api, logger } = deps;
  try {
    const original = await api.contents.get("", snapshot.vscName);
    if (original !== undefined) {
      await api.contents.patch("", snapshot.vscName, { spec: { deletionPolicy: "Delete" } });
      await api.contents.delete("", snapshot.vscName);
      logger.info(`Deleted original VolumeSnapshotContent ${snapshot.vscName}`);
      return undefined;
    }
    const uid = randomUUID();
    const temp = await api.contents.create({
      apiVersion: SNAPSHOT_API_VERSION,
      kind: "VolumeSnapshotContent",
      metadata: { name: `vsc-${uid}` },
      spec: {
        deletionPolicy: "Delete",
        driver: snapshot.driver,
        source: { snapshotHandle: snapshot.handle },
        volumeSnapshotRef: {
          apiVersion: SNAPSHOT_API_VERSION,
          kind: "VolumeSnapshot",
          namespace: `ns-${uid}`,
          name: `name-${uid}`,
        },
      },
    });
    await deps.clock.sleep(deps.gapMs ?? 2000);
    await api.contents.delete("", temp.metadata.name ?? "");
    logger.info(
      `Triggered deletion of the storage snapshot of VolumeSnapshotContent ${snapshot.vscName}`,
    );
    return undefined;
  } catch (error) {
    return `error deleting CSI snapshot ${snapshot.handle} (VolumeSnapshotContent ${snapshot.vscName}): ${errorMessage(error)}`;
  }
}

/**
 * Wraps the deletion controller's snapshot deleter so that it also deletes the backup's CSI
 * snapshots (after its own, with the same contract: one message per snapshot not deleted).
 */
export function withCsiSnapshotDeletion(
  deps: CsiSnapshotDeletionDeps,
  inner: PodVolumeSnapshotDeleter,
): PodVolumeSnapshotDeleter {
  return {
    deleteSnapshots: async (request) => {
      const errors = await inner.deleteSnapshots(request);
      errors.push(...(await deleteCsiSnapshots(deps, request.location.store, request.backup)));
      return errors;
    },
  };
}

/** Deletes every CSI snapshot `backup` holds; resolves one message per failure. */
export async function deleteCsiSnapshots(
  deps: CsiSnapshotDeletionDeps,
  store: BackupStore,
  backup: Backup,
): Promise<string[]> {
  const name = backup.metadata.name ?? "";
  let held: HeldSnapshot[];
  try {
    held = await heldSnapshots(store, name);
  } catch (error) {
    return [`error reading the CSI snapshots of backup ${name}: ${errorMessage(error)}`];
  }
  const errors: string[] = [];
  for (const snapshot of held) {
    const error = await deleteHeldSnapshot(deps, snapshot);
    if (error !== undefined) errors.push(error);
  }
  return errors;
}
