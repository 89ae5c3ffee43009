// The snapshots a backup made with `--snapshot-move-data` left in the backup repositories, and
// its DataUploads. Velero finds the snapshots through the DataUploads in the backup's tarball
// (its DataUpload delete action hands them over in ConfigMaps); backups made here carry no
// DataUpload in the tarball, so the snapshots come from the backup's volume info (in the
// bucket, so also for a backup synced into another cluster) and from the DataUploads still in
// the cluster. Only Velero's built-in data mover writes into the repositories.
import {
  BACKUP_NAME_LABEL,
  getValidLabelValue,
  isBuiltInDataMover,
  type Backup,
  type DataUpload,
} from "../../lib/api/index.js";
import type { BackupVolumeInfo } from "../../lib/backup-store/index.js";
import { errorMessage } from "../../lib/errors.js";
import { isNotFound, type VeleroResourceClient } from "../../lib/kube/index.js";
import type { RepositorySnapshot } from "./pod-volume-snapshot-deleter.js";

/** The moved snapshots recorded in volume infos (`snapshotDataMovementInfo.snapshotHandle`). */
export function movedSnapshotsInVolumeInfos(
  infos: readonly BackupVolumeInfo[],
  location: string,
): RepositorySnapshot[] {
  return infos.flatMap((info) => {
    const moved = info.snapshotDataMovementInfo;
    if (!info.snapshotDataMoved || moved === undefined) return [];
    if (moved.snapshotHandle === "" || !isBuiltInDataMover(moved.dataMover)) return [];
    const { pvcNamespace = "", pvcName = "" } = info;
    return [
      {
        snapshotID: moved.snapshotHandle,
        location,
        volumeNamespace: pvcNamespace,
        volume: `${pvcNamespace}/${pvcName}`,
      },
    ];
  });
}

/** The snapshots of finished DataUploads (`status.snapshotID`). */
export function movedSnapshotsOfDataUploads(
  uploads: readonly DataUpload[],
  location: string,
): RepositorySnapshot[] {
  return uploads.flatMap((du) => {
    const snapshotID = du.status?.snapshotID ?? "";
    if (snapshotID === "" || !isBuiltInDataMover(du.spec.datamover)) return [];
    const { sourceNamespace, sourcePVC } = du.spec;
    return [
      {
        snapshotID,
        location,
        volumeNamespace: sourceNamespace,
        volume: `${sourceNamespace}/${sourcePVC}`,
      },
    ];
  });
}

/** `snapshots` without repeats of the same snapshot in the same repository. */
export function uniqueSnapshots(snapshots: readonly RepositorySnapshot[]): RepositorySnapshot[] {
  const seen = new Set<string>();
  return snapshots.filter((s) => {
    const key = [s.location, s.volumeNamespace, s.snapshotID].join("\u0000");
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** What finding and removing a backup's moved data needs. */
export interface MovedDataDeps {
  readonly dataUploads: VeleroResourceClient<DataUpload>;
  readonly volumeInfos: (backupName: string) => Promise<BackupVolumeInfo[]>;
}

/** The label selector of a backup's DataUploads. */
function uploadsSelector(backup: Backup): string {
  return `${BACKUP_NAME_LABEL}=${getValidLabelValue(backup.metadata.name ?? "")}`;
}

/**
 * The repository snapshots of `backup`'s moved volumes (none without `snapshotMoveData`), or
 * the message of why they could not be read.
 */
export async function movedSnapshotsOf(
  deps: MovedDataDeps,
  backup: Backup,
): Promise<{ snapshots: RepositorySnapshot[] } | { error: string }> {
  if (backup.spec.snapshotMoveData !== true) return { snapshots: [] };
  const name = backup.metadata.name ?? "";
  const location = backup.spec.storageLocation ?? "";
  try {
    const infos = await deps.volumeInfos(name);
    const uploads = await deps.dataUploads.list(uploadsSelector(backup));
    return {
      snapshots: uniqueSnapshots([
        ...movedSnapshotsInVolumeInfos(infos, location),
        ...movedSnapshotsOfDataUploads(uploads, location),
      ]),
    };
  } catch (error) {
    return { error: `error finding the moved snapshots of backup ${name}: ${errorMessage(error)}` };
  }
}

/** Deletes `backup`'s DataUploads as Velero does; resolves one message per failure. */
export async function deleteDataUploadsOf(deps: MovedDataDeps, backup: Backup): Promise<string[]> {
  if (backup.spec.snapshotMoveData !== true) return [];
  let uploads: DataUpload[];
  try {
    uploads = await deps.dataUploads.list(uploadsSelector(backup));
  } catch (error) {
    return [
      `error listing the DataUploads of backup ${backup.metadata.name ?? ""}: ${errorMessage(error)}`,
    ];
  }
  const errors: string[] = [];
  for (const du of uploads) {
    const name = du.metadata.name ?? "";
    await deps.dataUploads.delete(name).catch((error: unknown) => {
      if (!isNotFound(error))
        errors.push(`error deleting DataUpload ${name}: ${errorMessage(error)}`);
    });
  }
  return errors;
}
