// The snapshot controller's half for VolumeSnapshotContents, with the `local.csi.test` driver
// (what the csi-snapshotter sidecar and a hostpath driver do): the content finalizer, cutting a
// dynamic snapshot by copying the volume's files wherever they live now, checking that a
// pre-provisioned handle exists, and deleting the snapshot data of a deleted Delete-policy content.
import type { PersistentVolume } from "../controllers/kube-types.js";
import { writeStatus } from "../controllers/object-writes.js";
import { resources } from "../controllers/resources.js";
import { quantityValue } from "../../../lib/api/index.js";
import { isContentFor, snapshotError, snapshotHandleFor } from "./snapshot-objects.js";
import type { StoredSnapshot } from "./snapshot-store.js";
import { setFinalizers, type SnapshotSync } from "./snapshot-sync.js";
import {
  LOCAL_CSI_DRIVER,
  snapshotFinalizers,
  snapshotResources,
  type VolumeSnapshot,
  type VolumeSnapshotContent,
} from "./snapshot-types.js";

const CONTENTS = snapshotResources.volumesnapshotcontents;

function writeContentStatus(
  sync: SnapshotSync,
  content: VolumeSnapshotContent,
  status: NonNullable<VolumeSnapshotContent["status"]>,
): void {
  writeStatus(sync.context.api, CONTENTS, { name: content.metadata.name ?? "" }, () => status);
}

function readyStatus(stored: StoredSnapshot): NonNullable<VolumeSnapshotContent["status"]> {
  return {
    snapshotHandle: stored.handle,
    creationTime: stored.createdAtNs,
    restoreSize: stored.sizeBytes,
    readyToUse: true,
  };
}

function failedStatus(
  sync: SnapshotSync,
  content: VolumeSnapshotContent,
  message: string,
): NonNullable<VolumeSnapshotContent["status"]> {
  if (content.status?.error?.message === message) return content.status;
  return {
    ...content.status,
    readyToUse: false,
    error: snapshotError(message, sync.context.clock.now()),
  };
}

function sourceVolume(sync: SnapshotSync, volumeHandle: string): PersistentVolume | undefined {
  return sync.context.caches
    .for<PersistentVolume>(resources.persistentvolumes)
    .list()
    .find(
      (pv) => pv.spec.csi?.driver === LOCAL_CSI_DRIVER && pv.spec.csi.volumeHandle === volumeHandle,
    );
}

function cutSnapshot(
  sync: SnapshotSync,
  content: VolumeSnapshotContent,
  volumeHandle: string,
): void {
  const volume = sourceVolume(sync, volumeHandle);
  if (volume === undefined) {
    writeContentStatus(
      sync,
      content,
      failedStatus(sync, content, `volume ${volumeHandle} not found`),
    );
    return;
  }
  const stored = sync.store.take({
    handle: snapshotHandleFor(content),
    volumeHandle,
    sourceDir: sync.pvStore.location(volume.metadata.name ?? ""),
    sizeBytes: quantityValue(volume.spec.capacity?.["storage"] ?? "0"),
    now: sync.context.clock.now(),
  });
  sync.context.logger.info("snapshot taken", {
    content: content.metadata.name,
    volume: volume.metadata.name,
    handle: stored.handle,
  });
  writeContentStatus(sync, content, readyStatus(stored));
}

function importSnapshot(sync: SnapshotSync, content: VolumeSnapshotContent, handle: string): void {
  const stored = sync.store.get(handle);
  const status =
    stored === undefined
      ? failedStatus(sync, content, `snapshot ${handle} not found by driver ${LOCAL_CSI_DRIVER}`)
      : readyStatus(stored);
  writeContentStatus(sync, content, status);
}

function isInUse(sync: SnapshotSync, content: VolumeSnapshotContent): boolean {
  const ref = content.spec.volumeSnapshotRef;
  const snapshot = sync.context.caches
    .for<VolumeSnapshot>(snapshotResources.volumesnapshots)
    .get(ref.namespace, ref.name ?? "");
  return (
    snapshot !== undefined &&
    snapshot.metadata.deletionTimestamp === undefined &&
    isContentFor(content, snapshot) &&
    snapshot.status?.boundVolumeSnapshotContentName === content.metadata.name
  );
}

/** The driver's handle of the snapshot data a content stands for, if any. */
export function contentSnapshotHandle(content: VolumeSnapshotContent): string | undefined {
  return content.status?.snapshotHandle ?? content.spec.source.snapshotHandle;
}

/** Deletes the snapshot data of a deleted content when its policy says so and the driver is ours. */
export function purgeSnapshotData(sync: SnapshotSync, content: VolumeSnapshotContent): void {
  const handle = contentSnapshotHandle(content);
  if (content.spec.deletionPolicy !== "Delete" || content.spec.driver !== LOCAL_CSI_DRIVER) return;
  if (handle === undefined || sync.store.get(handle) === undefined) return;
  sync.store.remove(handle);
  sync.context.logger.info("snapshot deleted", { content: content.metadata.name, handle });
}

function finishDeletion(sync: SnapshotSync, content: VolumeSnapshotContent): void {
  if (!(content.metadata.finalizers ?? []).includes(snapshotFinalizers.content)) return;
  if (isInUse(sync, content)) return;
  purgeSnapshotData(sync, content);
  setFinalizers(
    sync,
    CONTENTS,
    { name: content.metadata.name ?? "" },
    {
      remove: [snapshotFinalizers.content],
    },
  );
}

/** Brings one VolumeSnapshotContent (as cached) up to date; see the file comment. */
export function syncContent(sync: SnapshotSync, content: VolumeSnapshotContent): void {
  if (content.metadata.deletionTimestamp !== undefined) {
    finishDeletion(sync, content);
    return;
  }
  const current = setFinalizers(
    sync,
    CONTENTS,
    { name: content.metadata.name ?? "" },
    { add: [snapshotFinalizers.content] },
  ) as VolumeSnapshotContent | undefined;
  if (current?.spec.driver !== LOCAL_CSI_DRIVER) return;
  if (current.status?.readyToUse === true && current.status.snapshotHandle !== undefined) return;
  const { volumeHandle, snapshotHandle } = current.spec.source;
  if (snapshotHandle !== undefined) importSnapshot(sync, current, snapshotHandle);
  else if (volumeHandle !== undefined) cutSnapshot(sync, current, volumeHandle);
}
