// Restores one PodVolumeRestore's snapshot: waits until the restored pod's volume is set up on
// this node (and its restore-wait init container runs), writes the snapshot into it, then
// leaves the `.velero/<restore UID>` marker the init container waits for.
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { formatDuration, RESTORE_UID_LABEL, type PodVolumeRestore } from "../lib/api/index.js";
import type { Clock } from "../lib/clock.js";
import type { Progress } from "../lib/repository/index.js";
import { HostPathNotFoundError } from "./host-paths.js";
import { PodVolumeError, type LocatedVolume, type PodInfo } from "./pod-volume-locator.js";
import type { RepositoryOpener, VolumeLocator } from "./volume-backup.js";

/** Name of the init container a restore injects into pods with restored volumes. */
export const RESTORE_WAIT_CONTAINER = "restore-wait";
/** The directory of done markers inside a restored volume. */
export const DONE_MARKER_DIR = ".velero";

/** What a volume restore needs. */
export interface VolumeRestoreDeps {
  readonly locator: VolumeLocator;
  readonly repositories: RepositoryOpener;
  readonly clock: Clock;
  /** How long to wait for the pod's volume to appear. */
  readonly prepareTimeoutMs: number;
  /** Pause between looks at the pod (default 1 s). */
  readonly pollMs?: number;
}

/** Callbacks and cancellation of one volume restore. */
export interface VolumeRestoreHooks {
  readonly signal: AbortSignal;
  /** Called once the volume is ready, before anything is written. */
  onStarted(path: string): Promise<void>;
  onProgress(progress: Progress): void;
}

/** What a restore wrote. */
export interface VolumeRestoreResult {
  readonly path: string;
  readonly totalBytes: number;
}

/** The restore's UID: the owner reference Velero sets, else the `velero.io/restore-uid` label. */
export function restoreUidOf(pvr: PodVolumeRestore): string {
  const uid = pvr.metadata.ownerReferences?.[0]?.uid ?? pvr.metadata.labels?.[RESTORE_UID_LABEL];
  if (uid === undefined || uid === "") throw new PodVolumeError("error finding restore UID");
  return uid;
}

/** Replaces `<dir>/.velero` with a directory holding only the empty file `<restoreUid>`. */
export async function writeDoneMarker(dir: string, restoreUid: string): Promise<void> {
  const markers = join(dir, DONE_MARKER_DIR);
  await rm(markers, { recursive: true, force: true });
  await mkdir(markers, { mode: 0o755 });
  await writeFile(join(markers, restoreUid), "", { mode: 0o644 });
}

/** True once a pod without the restore-wait container exists, or that container runs. */
export function isWaitContainerReady(pod: PodInfo): boolean {
  const injected = pod.spec.initContainers?.some((c) => c.name === RESTORE_WAIT_CONTAINER);
  if (injected !== true) return true;
  const status = pod.status?.initContainerStatuses?.find((s) => s.name === RESTORE_WAIT_CONTAINER);
  return status?.state?.running !== undefined;
}

async function podOf(locator: VolumeLocator, pvr: PodVolumeRestore): Promise<PodInfo> {
  const { namespace = "", name = "", uid } = pvr.spec.pod;
  const pod = await locator.getPod(namespace, name);
  if (pod === undefined) throw new PodVolumeError(`pod ${namespace}/${name} not found`);
  if (uid !== undefined && uid !== "" && pod.metadata.uid !== uid) {
    throw new PodVolumeError(`pod ${namespace}/${name} was replaced (its UID is no longer ${uid})`);
  }
  return pod;
}

async function tryLocate(deps: VolumeRestoreDeps, pvr: PodVolumeRestore) {
  const pod = await podOf(deps.locator, pvr);
  if (!isWaitContainerReady(pod)) return undefined;
  try {
    return await deps.locator.locate(pod, pvr.spec.volume);
  } catch (error) {
    if (error instanceof HostPathNotFoundError) return undefined;
    throw error;
  }
}

/** Polls until the volume is ready; fails after `prepareTimeoutMs`. */
export async function waitForVolume(
  deps: VolumeRestoreDeps,
  pvr: PodVolumeRestore,
  signal: AbortSignal,
): Promise<LocatedVolume> {
  const deadline = deps.clock.now().getTime() + deps.prepareTimeoutMs;
  for (;;) {
    const volume = await tryLocate(deps, pvr);
    if (volume !== undefined) return volume;
    if (deps.clock.now().getTime() >= deadline) {
      const { namespace = "", name = "" } = pvr.spec.pod;
      throw new PodVolumeError(
        `timed out after ${formatDuration(deps.prepareTimeoutMs)} waiting for volume "${pvr.spec.volume}" of pod ${namespace}/${name} to be set up on this node`,
      );
    }
    await deps.clock.sleep(deps.pollMs ?? 1000, signal);
  }
}

/** Runs the restore of `pvr`; see the file comment. Throws on failure or abort. */
export async function restoreVolume(
  deps: VolumeRestoreDeps,
  pvr: PodVolumeRestore,
  hooks: VolumeRestoreHooks,
): Promise<VolumeRestoreResult> {
  const restoreUid = restoreUidOf(pvr);
  const volume = await waitForVolume(deps, pvr, hooks.signal);
  await hooks.onStarted(volume.path);
  const opened = await deps.repositories.open(
    pvr.spec.backupStorageLocation,
    pvr.spec.sourceNamespace,
  );
  let totalBytes: number;
  try {
    const result = await opened.repository.restore(pvr.spec.snapshotID, volume.realPath, {
      signal: hooks.signal,
      onProgress: (progress) => {
        hooks.onProgress(progress);
      },
    });
    totalBytes = result.bytes;
  } finally {
    await opened.repository.close();
  }
  await writeDoneMarker(volume.realPath, restoreUid);
  return { path: volume.path, totalBytes };
}
