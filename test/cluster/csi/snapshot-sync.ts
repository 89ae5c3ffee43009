// The snapshot controller's half for VolumeSnapshots (the external-snapshotter's common
// controller): finalizers, a VolumeSnapshotContent for a dynamic snapshot, binding to a
// pre-provisioned content, status copied from the bound content, errors in status.error, and
// the deletion of a snapshot (its content goes too when the content's policy is Delete).
import type { KubeObject, ResourceRef } from "../cluster-api.js";
import type { ControllerContext } from "../controllers/controller-loop.js";
import type { PersistentVolume, PersistentVolumeClaim } from "../controllers/kube-types.js";
import {
  deleteIfExists,
  isApiError,
  writeObject,
  writeStatus,
} from "../controllers/object-writes.js";
import { resources } from "../controllers/resources.js";
import type { PvDataStore } from "../kubelet/pv-data-store.js";
import {
  boundContentName,
  chooseSnapshotClass,
  claimSnapshotSource,
  contentNameFor,
  dynamicContent,
  isContentFor,
  snapshotError,
  statusFromContent,
} from "./snapshot-objects.js";
import type { SnapshotStore } from "./snapshot-store.js";
import {
  snapshotAnnotations,
  snapshotFinalizers,
  snapshotResources,
  type VolumeSnapshot,
  type VolumeSnapshotClass,
  type VolumeSnapshotContent,
} from "./snapshot-types.js";

/** What both halves of the snapshot controller work with. */
export interface SnapshotSync {
  readonly context: ControllerContext;
  readonly pvStore: PvDataStore;
  readonly store: SnapshotStore;
}

type Target = { readonly namespace?: string | undefined; readonly name: string };

const targetOf = (object: { metadata: { namespace?: string; name?: string } }): Target => ({
  namespace: object.metadata.namespace,
  name: object.metadata.name ?? "",
});

/** Adds and removes finalizers of the object at `target`; returns it as stored. */
export function setFinalizers(
  sync: SnapshotSync,
  ref: ResourceRef,
  target: Target,
  change: { readonly add?: readonly string[]; readonly remove?: readonly string[] },
): KubeObject | undefined {
  return writeObject(sync.context.api, ref, target, (object) => {
    const kept = (object.metadata.finalizers ?? []).filter((f) => !change.remove?.includes(f));
    const added = (change.add ?? []).filter((f) => !kept.includes(f));
    object.metadata.finalizers = [...kept, ...added];
  });
}

function setError(sync: SnapshotSync, snapshot: VolumeSnapshot, message: string): void {
  if (snapshot.status?.error?.message === message) return;
  const error = snapshotError(message, sync.context.clock.now());
  writeStatus<VolumeSnapshot>(
    sync.context.api,
    snapshotResources.volumesnapshots,
    targetOf(snapshot),
    (s) => ({ ...s.status, readyToUse: false, error }),
  );
}

function getContent(sync: SnapshotSync, name: string): VolumeSnapshotContent | undefined {
  const ref = snapshotResources.volumesnapshotcontents;
  return (
    sync.context.caches.for<VolumeSnapshotContent>(ref).get(undefined, name) ??
    (sync.context.api.get(ref, undefined, name) as VolumeSnapshotContent | undefined)
  );
}

function reportBound(
  sync: SnapshotSync,
  snapshot: VolumeSnapshot,
  content: VolumeSnapshotContent,
): void {
  if (!isContentFor(content, snapshot)) {
    setError(
      sync,
      snapshot,
      `VolumeSnapshotContent "${content.metadata.name ?? ""}" is bound to another snapshot`,
    );
    return;
  }
  if (content.spec.deletionPolicy === "Delete")
    setFinalizers(sync, snapshotResources.volumesnapshots, targetOf(snapshot), {
      add: [snapshotFinalizers.bound],
    });
  writeStatus<VolumeSnapshot>(
    sync.context.api,
    snapshotResources.volumesnapshots,
    targetOf(snapshot),
    () => statusFromContent(content),
  );
}

function bindPreProvisioned(sync: SnapshotSync, snapshot: VolumeSnapshot, name: string): void {
  const content = getContent(sync, name);
  if (content === undefined) {
    setError(sync, snapshot, `VolumeSnapshotContent "${name}" not found`);
    return;
  }
  if (!isContentFor(content, snapshot) || (content.spec.volumeSnapshotRef.uid ?? "") !== "") {
    reportBound(sync, snapshot, content);
    return;
  }
  const bound = writeObject<VolumeSnapshotContent>(
    sync.context.api,
    snapshotResources.volumesnapshotcontents,
    { name },
    (c) => {
      c.spec.volumeSnapshotRef.uid = snapshot.metadata.uid ?? "";
      c.spec.volumeSnapshotRef.resourceVersion = snapshot.metadata.resourceVersion ?? "";
    },
  );
  if (bound !== undefined) reportBound(sync, snapshot, bound);
}

function sourceVolume(
  sync: SnapshotSync,
  snapshot: VolumeSnapshot,
  claimName: string,
): PersistentVolume | string {
  const caches = sync.context.caches;
  const claim = caches
    .for<PersistentVolumeClaim>(resources.persistentvolumeclaims)
    .get(snapshot.metadata.namespace, claimName);
  if (claim === undefined) return `PersistentVolumeClaim "${claimName}" not found`;
  const volumeName = claim.spec.volumeName ?? "";
  if (claim.status?.phase !== "Bound" || volumeName === "")
    return `PersistentVolumeClaim "${claimName}" is not bound to a volume yet`;
  const volume = caches
    .for<PersistentVolume>(resources.persistentvolumes)
    .get(undefined, volumeName);
  if (volume === undefined) return `PersistentVolume "${volumeName}" not found`;
  if (volume.spec.csi === undefined) return `PersistentVolume "${volumeName}" is not a CSI volume`;
  return volume;
}

function createContent(sync: SnapshotSync, content: VolumeSnapshotContent): void {
  const ref = snapshotResources.volumesnapshotcontents;
  try {
    const created = sync.context.api.create(ref, content) as VolumeSnapshotContent;
    sync.context.caches.for<VolumeSnapshotContent>(ref).record(created);
  } catch (error) {
    if (!isApiError(error, 409)) throw error;
  }
}

function syncDynamic(sync: SnapshotSync, snapshot: VolumeSnapshot, claimName: string): void {
  const existing = getContent(sync, contentNameFor(snapshot));
  if (existing !== undefined) {
    reportBound(sync, snapshot, existing);
    return;
  }
  const volume = sourceVolume(sync, snapshot, claimName);
  if (typeof volume === "string") {
    setError(sync, snapshot, volume);
    return;
  }
  const classes = sync.context.caches
    .for<VolumeSnapshotClass>(snapshotResources.volumesnapshotclasses)
    .list();
  const choice = chooseSnapshotClass(classes, snapshot, volume.spec.csi?.driver ?? "");
  if ("error" in choice) {
    setError(sync, snapshot, choice.error);
    return;
  }
  const className = choice.snapshotClass.metadata.name ?? "";
  const current = writeObject<VolumeSnapshot>(
    sync.context.api,
    snapshotResources.volumesnapshots,
    targetOf(snapshot),
    (s) => {
      s.spec.volumeSnapshotClassName = className;
    },
  );
  if (current === undefined) return;
  createContent(sync, dynamicContent(current, volume, choice.snapshotClass));
  writeStatus<VolumeSnapshot>(
    sync.context.api,
    snapshotResources.volumesnapshots,
    targetOf(current),
    () => ({
      boundVolumeSnapshotContentName: contentNameFor(current),
      readyToUse: false,
    }),
  );
}

function isSourceOfPendingClaim(sync: SnapshotSync, snapshot: VolumeSnapshot): boolean {
  const claims = sync.context.caches
    .for<PersistentVolumeClaim>(resources.persistentvolumeclaims)
    .list(snapshot.metadata.namespace ?? "");
  return claims.some(
    (claim) =>
      claimSnapshotSource(claim) === snapshot.metadata.name &&
      claim.status?.phase !== "Bound" &&
      claim.metadata.deletionTimestamp === undefined,
  );
}

function deleteBoundContent(sync: SnapshotSync, snapshot: VolumeSnapshot): void {
  const content = sync.context.api.get(
    snapshotResources.volumesnapshotcontents,
    undefined,
    boundContentName(snapshot),
  ) as VolumeSnapshotContent | undefined;
  if (content === undefined || !isContentFor(content, snapshot)) return;
  if (content.spec.deletionPolicy !== "Delete" || content.metadata.deletionTimestamp !== undefined)
    return;
  const ref = snapshotResources.volumesnapshotcontents;
  const target = { name: content.metadata.name ?? "" };
  writeObject<VolumeSnapshotContent>(sync.context.api, ref, target, (c) => {
    c.metadata.annotations = {
      ...c.metadata.annotations,
      [snapshotAnnotations.beingDeleted]: "yes",
    };
  });
  deleteIfExists(sync.context.api, ref, target);
}

function finishDeletion(sync: SnapshotSync, snapshot: VolumeSnapshot): void {
  const ours: string[] = [snapshotFinalizers.asSource, snapshotFinalizers.bound];
  if (!(snapshot.metadata.finalizers ?? []).some((f) => ours.includes(f))) return;
  if (isSourceOfPendingClaim(sync, snapshot)) return;
  deleteBoundContent(sync, snapshot);
  setFinalizers(sync, snapshotResources.volumesnapshots, targetOf(snapshot), { remove: ours });
}

/** Brings one VolumeSnapshot (as cached) up to date; see the file comment. */
export function syncSnapshot(sync: SnapshotSync, snapshot: VolumeSnapshot): void {
  if (snapshot.metadata.deletionTimestamp !== undefined) {
    finishDeletion(sync, snapshot);
    return;
  }
  const current = setFinalizers(sync, snapshotResources.volumesnapshots, targetOf(snapshot), {
    add: [snapshotFinalizers.asSource],
  }) as VolumeSnapshot | undefined;
  if (current === undefined) return;
  const { persistentVolumeClaimName, volumeSnapshotContentName } = current.spec.source;
  if (volumeSnapshotContentName !== undefined)
    bindPreProvisioned(sync, current, volumeSnapshotContentName);
  else if (persistentVolumeClaimName !== undefined)
    syncDynamic(sync, current, persistentVolumeClaimName);
}
