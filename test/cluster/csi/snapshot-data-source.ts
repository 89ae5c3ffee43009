// Volume provisioning from a VolumeSnapshot, as the CSI external-provisioner does it for the
// PersistentVolume controller: a claim whose dataSource (or dataSourceRef) names a VolumeSnapshot
// waits until that snapshot is ready, then its new volume starts as a copy of the snapshot's data.
import type { ControllerContext } from "../controllers/controller-loop.js";
import type { PersistentVolumeClaim, StorageClass } from "../controllers/kube-types.js";
import { requestedStorage } from "../controllers/volume-binding.js";
import { quantityValue } from "../../../lib/api/index.js";
import { contentSnapshotHandle } from "./content-sync.js";
import { claimSnapshotSource } from "./snapshot-objects.js";
import { SnapshotStore } from "./snapshot-store.js";
import {
  snapshotResources,
  type VolumeSnapshot,
  type VolumeSnapshotContent,
} from "./snapshot-types.js";

/** How a claim's new volume gets its first contents. */
export type ClaimContents =
  { readonly pending: string } | { readonly fill: (volumeDir: string) => void } | undefined;

/** A source of initial volume contents the PersistentVolume controller consults. */
export interface ClaimDataSource {
  /**
   * Undefined when the claim names no source this provisioner fills from (provision an empty
   * volume); `pending` (with the reason) while the source is not usable yet; otherwise `fill`,
   * to call on the new volume's empty directory before the volume is created.
   */
  resolve(claim: PersistentVolumeClaim, storageClass: StorageClass): ClaimContents;
  /** Calls `changed(namespace)` when a source in that namespace may have become usable. */
  watch(changed: (namespace: string) => void): () => void;
}

function readySnapshot(
  context: ControllerContext,
  claim: PersistentVolumeClaim,
  name: string,
): VolumeSnapshotContent | string {
  const snapshot = context.caches
    .for<VolumeSnapshot>(snapshotResources.volumesnapshots)
    .get(claim.metadata.namespace, name);
  if (snapshot === undefined) return `VolumeSnapshot "${name}" not found`;
  const contentName = snapshot.status?.boundVolumeSnapshotContentName ?? "";
  if (snapshot.status?.readyToUse !== true || contentName === "")
    return `VolumeSnapshot "${name}" is not ready to use`;
  const content = context.caches
    .for<VolumeSnapshotContent>(snapshotResources.volumesnapshotcontents)
    .get(undefined, contentName);
  if (content?.status?.readyToUse !== true)
    return `VolumeSnapshotContent "${contentName}" is not ready`;
  return content;
}

function resolveSnapshot(
  context: ControllerContext,
  store: SnapshotStore,
  claim: PersistentVolumeClaim,
  storageClass: StorageClass,
): ClaimContents {
  const name = claimSnapshotSource(claim);
  if (name === undefined) return undefined;
  const content = readySnapshot(context, claim, name);
  if (typeof content === "string") return { pending: content };
  if (content.spec.driver !== storageClass.provisioner)
    return {
      pending: `VolumeSnapshot "${name}" was taken by ${content.spec.driver}, not ${storageClass.provisioner}`,
    };
  const stored = store.get(contentSnapshotHandle(content) ?? "");
  if (stored === undefined) return { pending: `the data of VolumeSnapshot "${name}" is gone` };
  if (quantityValue(requestedStorage(claim)) < stored.sizeBytes)
    return {
      pending: `the claim requests less than the snapshot's restore size (${String(stored.sizeBytes)} bytes)`,
    };
  return {
    fill: (volumeDir) => {
      store.restoreInto(stored.handle, volumeDir);
    },
  };
}

/** The VolumeSnapshot data source of the `local.csi.test` provisioner (snapshots under `dataDir`). */
export function snapshotDataSource(context: ControllerContext, dataDir: string): ClaimDataSource {
  const store = new SnapshotStore(dataDir);
  return {
    resolve: (claim, storageClass) => resolveSnapshot(context, store, claim, storageClass),
    watch: (changed) => {
      const snapshots = context.caches.for<VolumeSnapshot>(snapshotResources.volumesnapshots);
      const contents = context.caches.for<VolumeSnapshotContent>(
        snapshotResources.volumesnapshotcontents,
      );
      const stops = [
        snapshots.onChange(({ object }) => {
          changed(object.metadata.namespace ?? "");
        }),
        contents.onChange(({ object }) => {
          const namespace = object.spec.volumeSnapshotRef.namespace;
          if (namespace !== undefined) changed(namespace);
        }),
      ];
      return () => {
        for (const stop of stops) stop();
      };
    },
  };
}
