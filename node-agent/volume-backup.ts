// Backs up one PodVolumeBackup's volume: finds its directory on this node, opens the
// repository of (location, pod namespace), picks the previous snapshot of the same volume as
// parent, and writes a snapshot tagged as Velero tags it.
import { readdir } from "node:fs/promises";
import { PVC_NAME_ANNOTATION, PVC_UID_LABEL, type PodVolumeBackup } from "../lib/api/index.js";
import type { Progress, Repository, SnapshotFilter } from "../lib/repository/index.js";
import type { OpenedRepository } from "./repository-access.js";
import { PodVolumeError, type LocatedVolume, type PodInfo } from "./pod-volume-locator.js";

/** Opens the repository of a (location, volume namespace). */
export interface RepositoryOpener {
  open(location: string, volumeNamespace: string): Promise<OpenedRepository>;
}

/** Reads pods and finds their volumes on this node. */
export interface VolumeLocator {
  getPod(namespace: string, name: string): Promise<PodInfo | undefined>;
  locate(pod: PodInfo, volumeName: string): Promise<LocatedVolume>;
}

/** What a volume backup produced. */
export interface VolumeBackupResult {
  /** Empty when the volume was empty and no snapshot was taken (Velero's behaviour). */
  readonly snapshotId: string;
  /** The volume's path under the host pods root. */
  readonly path: string;
  readonly totalBytes: number;
  /** Bytes uploaded to the repository by this backup. */
  readonly incrementalBytes: number;
}

/** Callbacks and cancellation of one volume backup. */
export interface VolumeBackupHooks {
  readonly signal: AbortSignal;
  /** Called once the volume is found, before any data is read. */
  onStarted(path: string): Promise<void>;
  onProgress(progress: Progress): void;
}

/** Velero's snapshot source: `<namespace>/<pod>/<pvc or volume>`. */
export function snapshotSource(pvb: PodVolumeBackup): string {
  const claim = pvb.metadata.annotations?.[PVC_NAME_ANNOTATION];
  const { namespace, name } = pvb.spec.pod;
  return `${namespace ?? ""}/${name ?? ""}/${claim ?? pvb.spec.volume}`;
}

/** The UID of the claim behind the volume (label, else tag), if any. */
function claimUidOf(pvb: PodVolumeBackup): string | undefined {
  const uid = pvb.metadata.labels?.[PVC_UID_LABEL] ?? pvb.spec.tags?.["pvc-uid"];
  return uid === "" ? undefined : uid;
}

/** The PodVolumeBackup's tags, with `pvc-uid` added from the label when the tags lack it. */
export function snapshotTags(pvb: PodVolumeBackup): Record<string, string> {
  const pvcUid = claimUidOf(pvb);
  return { ...(pvcUid === undefined ? {} : { "pvc-uid": pvcUid }), ...pvb.spec.tags };
}

/**
 * The snapshot to use as parent: the newest of the same claim (by PVC UID) or, for other
 * volumes, of the same source. Snapshots are only visible once complete, so any is usable.
 */
export async function findParentSnapshot(
  repository: Repository,
  pvb: PodVolumeBackup,
): Promise<string | undefined> {
  const pvcUid = claimUidOf(pvb);
  const filter: SnapshotFilter =
    pvcUid !== undefined ? { tags: { "pvc-uid": pvcUid } } : { source: snapshotSource(pvb) };
  const snapshots = await repository.listSnapshots(filter);
  return snapshots.at(-1)?.id;
}

async function podOf(locator: VolumeLocator, pvb: PodVolumeBackup): Promise<PodInfo> {
  const { namespace = "", name = "", uid } = pvb.spec.pod;
  const pod = await locator.getPod(namespace, name);
  if (pod === undefined) throw new PodVolumeError(`pod ${namespace}/${name} not found`);
  if (uid !== undefined && uid !== "" && pod.metadata.uid !== uid) {
    throw new PodVolumeError(`pod ${namespace}/${name} was replaced (its UID is no longer ${uid})`);
  }
  return pod;
}

/** Where and how {@link snapshotVolume} stores a located volume. */
export interface VolumeSnapshotRequest {
  /** The BackupStorageLocation holding the repository. */
  readonly location: string;
  /** The namespace whose repository (`kopia/<namespace>/`) receives the snapshot. */
  readonly repositoryNamespace: string;
  readonly source: string;
  readonly tags: Record<string, string>;
  /** Picks the parent snapshot in the opened repository (undefined: none). */
  parent(repository: Repository): Promise<string | undefined>;
}

/**
 * Snapshots a located volume into its repository: nothing for an empty volume (Velero takes no
 * snapshot then), else one backup against the chosen parent. Shared by pod volume backups and
 * DataUploads. Throws on failure or abort.
 */
export async function snapshotVolume(
  repositories: RepositoryOpener,
  volume: LocatedVolume,
  request: VolumeSnapshotRequest,
  hooks: VolumeBackupHooks,
): Promise<VolumeBackupResult> {
  if ((await readdir(volume.realPath)).length === 0) {
    return { snapshotId: "", path: volume.path, totalBytes: 0, incrementalBytes: 0 };
  }
  const opened = await repositories.open(request.location, request.repositoryNamespace);
  try {
    const parent = await request.parent(opened.repository);
    const record = await opened.repository.backup(volume.realPath, {
      tags: request.tags,
      source: request.source,
      signal: hooks.signal,
      onProgress: (progress) => {
        hooks.onProgress(progress);
      },
      ...(parent === undefined ? {} : { parent }),
    });
    return {
      snapshotId: record.id,
      path: volume.path,
      totalBytes: record.stats.totalBytes,
      incrementalBytes: record.stats.uploadedBytes,
    };
  } finally {
    await opened.repository.close();
  }
}

/** Runs the backup of `pvb`; see the file comment. Throws on failure or abort. */
export async function backUpVolume(
  deps: { readonly locator: VolumeLocator; readonly repositories: RepositoryOpener },
  pvb: PodVolumeBackup,
  hooks: VolumeBackupHooks,
): Promise<VolumeBackupResult> {
  const pod = await podOf(deps.locator, pvb);
  const volume = await deps.locator.locate(pod, pvb.spec.volume);
  await hooks.onStarted(volume.path);
  const request: VolumeSnapshotRequest = {
    location: pvb.spec.backupStorageLocation,
    repositoryNamespace: pvb.spec.pod.namespace ?? "",
    source: snapshotSource(pvb),
    tags: snapshotTags(pvb),
    parent: (repository) => findParentSnapshot(repository, pvb),
  };
  return snapshotVolume(deps.repositories, volume, request, hooks);
}
