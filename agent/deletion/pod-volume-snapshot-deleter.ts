// The seam through which backup deletion removes a backup's snapshots from the backup
// repositories: file-system (pod volume) snapshots and the snapshots of moved CSI data, both
// kept in the repository of (location, volume namespace); the repository side implements it.
import type { Backup, PodVolumeBackup } from "../../lib/api/index.js";
import type { OpenedLocation } from "../storage/index.js";

/** One snapshot of a backup in a backup repository. */
export interface RepositorySnapshot {
  readonly snapshotID: string;
  /** The backup storage location holding the repository. */
  readonly location: string;
  /** The namespace of the backed-up volume: the repository is per (location, namespace). */
  readonly volumeNamespace: string;
  /** What the snapshot holds, for messages: `<ns>/<pod>/<volume>` or `<ns>/<pvc>`. */
  readonly volume: string;
}

/** What the deletion controller hands over for one backup. */
export interface PodVolumeSnapshotDeletion {
  readonly backup: Backup;
  /** The backup's location, opened (its object store holds the repositories). */
  readonly location: OpenedLocation;
  /**
   * The backup's repository snapshots: those of its PodVolumeBackups in the cluster and, for
   * a backup with `snapshotMoveData`, those its DataUploads moved (see moved-snapshots.ts).
   */
  readonly snapshots: readonly RepositorySnapshot[];
  readonly signal: AbortSignal;
}

/**
 * Deletes a backup's repository snapshots. Contract: idempotent (a snapshot already gone is
 * not a failure); resolves with one human-readable message per snapshot it could not delete
 * (an empty list means every snapshot is gone), so the deletion controller keeps the bucket
 * copy and the Backup object and records the messages in the request's `status.errors`;
 * rejects only for a failure that makes retrying the whole request worthwhile.
 */
export interface PodVolumeSnapshotDeleter {
  deleteSnapshots(request: PodVolumeSnapshotDeletion): Promise<string[]>;
}

/** The default until file-system backup repositories are wired in: deletes nothing. */
export const noPodVolumeSnapshotDeletion: PodVolumeSnapshotDeleter = {
  deleteSnapshots: () => Promise.resolve([]),
};

/**
 * The snapshots of `pvbs` (label `velero.io/backup-name`): each one's `status.snapshotID` in
 * the repository of its `spec.backupStorageLocation` (else `defaultLocation`) and its pod's
 * namespace. Entries without a snapshot ID made no snapshot and are left out.
 */
export function podVolumeSnapshots(
  pvbs: readonly PodVolumeBackup[],
  defaultLocation: string,
): RepositorySnapshot[] {
  return pvbs.flatMap((pvb) => {
    const snapshotID = pvb.status?.snapshotID ?? "";
    if (snapshotID === "") return [];
    const { namespace = "", name = "" } = pvb.spec.pod;
    return [
      {
        snapshotID,
        location: pvb.spec.backupStorageLocation || defaultLocation,
        volumeNamespace: namespace,
        volume: `${namespace}/${name}/${pvb.spec.volume}`,
      },
    ];
  });
}
