// The seam through which backup deletion removes a backup's file-system (pod volume)
// snapshots from their backup repositories; the repository side implements it.
import type { Backup, PodVolumeBackup } from "../../lib/api/index.js";
import type { OpenedLocation } from "../storage/index.js";

/** What the deletion controller hands over for one backup. */
export interface PodVolumeSnapshotDeletion {
  readonly backup: Backup;
  /** The backup's location, opened (its object store holds the repositories). */
  readonly location: OpenedLocation;
  /**
   * The backup's PodVolumeBackups in the cluster (label `velero.io/backup-name`), each with
   * `status.snapshotID`, `spec.repoIdentifier`, `spec.uploaderType` and the volume's namespace
   * in `spec.pod.namespace`. Entries without a snapshot ID made no snapshot.
   */
  readonly podVolumeBackups: readonly PodVolumeBackup[];
  readonly signal: AbortSignal;
}

/**
 * Deletes a backup's file-system snapshots. Contract: idempotent (a snapshot already gone is
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
