// The data path of the data mover: backs up the directory of an exposed volume into the
// repository of (location, source namespace) as Velero's kopia uploader does for a DataUpload
// (source `<namespace>/<pvc>`, the async operation id as tag, the previous snapshot of the same
// source as parent), and restores a snapshot into an exposed volume for a DataDownload.
import {
  ASYNC_OPERATION_ID_LABEL,
  type DataDownload,
  type DataUpload,
} from "../../lib/api/index.js";
import type { Clock } from "../../lib/clock.js";
import { HostPathNotFoundError } from "../host-paths.js";
import { PodVolumeError, type LocatedVolume } from "../pod-volume-locator.js";
import {
  snapshotVolume,
  type RepositoryOpener,
  type VolumeBackupHooks,
  type VolumeBackupResult,
  type VolumeLocator,
  type VolumeSnapshotRequest,
} from "../volume-backup.js";
import type { VolumeRestoreHooks, VolumeRestoreResult } from "../volume-restore.js";

/** What the data path needs. */
export interface DataPathDeps {
  readonly locator: VolumeLocator;
  readonly repositories: RepositoryOpener;
  readonly clock: Clock;
  /** How long the kubelet may take to set the hosting pod's volume up (default 60 s). */
  readonly mountTimeoutMs?: number;
}

/** Velero's snapshot source of a moved volume: `<sourceNamespace>/<pvc>`. */
export function dataUploadSource(du: DataUpload): string {
  return `${du.spec.sourceNamespace}/${du.spec.sourcePVC}`;
}

/** Finds the hosting pod's volume directory, waiting while the kubelet sets it up. */
export async function locateHostedVolume(
  deps: DataPathDeps,
  pod: { namespace: string; name: string; volume: string },
  signal: AbortSignal,
): Promise<LocatedVolume> {
  const deadline = deps.clock.now().getTime() + (deps.mountTimeoutMs ?? 60_000);
  for (;;) {
    const info = await deps.locator.getPod(pod.namespace, pod.name);
    if (info === undefined)
      throw new PodVolumeError(`hosting pod ${pod.namespace}/${pod.name} not found`);
    try {
      return await deps.locator.locate(info, pod.volume);
    } catch (error) {
      if (!(error instanceof HostPathNotFoundError) || deps.clock.now().getTime() >= deadline) {
        throw error;
      }
    }
    await deps.clock.sleep(500, signal);
  }
}

/** Backs up the volume the DataUpload's hosting pod mounts. Throws on failure or abort. */
export async function uploadHostedVolume(
  deps: DataPathDeps,
  du: DataUpload,
  hooks: VolumeBackupHooks & { readonly podNamespace: string },
): Promise<VolumeBackupResult> {
  const name = du.metadata.name ?? "";
  const volume = await locateHostedVolume(
    deps,
    { namespace: hooks.podNamespace, name, volume: du.metadata.uid ?? name },
    hooks.signal,
  );
  await hooks.onStarted(volume.path);
  const source = dataUploadSource(du);
  const request: VolumeSnapshotRequest = {
    location: du.spec.backupStorageLocation,
    repositoryNamespace: du.spec.sourceNamespace,
    source,
    tags: { [ASYNC_OPERATION_ID_LABEL]: du.metadata.labels?.[ASYNC_OPERATION_ID_LABEL] ?? "" },
    parent: async (repository) => (await repository.listSnapshots({ source })).at(-1)?.id,
  };
  return snapshotVolume(deps.repositories, volume, request, hooks);
}

/** Restores the DataDownload's snapshot into the volume its hosting pod mounts. */
export async function downloadIntoHostedVolume(
  deps: DataPathDeps,
  dd: DataDownload,
  hooks: VolumeRestoreHooks,
): Promise<VolumeRestoreResult> {
  const name = dd.metadata.name ?? "";
  const volume = await locateHostedVolume(
    deps,
    { namespace: dd.spec.targetVolume.namespace, name, volume: dd.metadata.uid ?? name },
    hooks.signal,
  );
  await hooks.onStarted(volume.path);
  if (dd.spec.snapshotID === "") return { path: volume.path, totalBytes: 0 };
  const opened = await deps.repositories.open(
    dd.spec.backupStorageLocation,
    dd.spec.sourceNamespace,
  );
  try {
    const result = await opened.repository.restore(dd.spec.snapshotID, volume.realPath, {
      signal: hooks.signal,
      onProgress: (progress) => {
        hooks.onProgress(progress);
      },
    });
    return { path: volume.path, totalBytes: result.bytes };
  } finally {
    await opened.repository.close();
  }
}
