// The test cluster's CSI snapshot controller and `local.csi.test` snapshot driver in one loop:
// VolumeSnapshots (`snapshot:<ns>/<name>`) and VolumeSnapshotContents (`content:<name>`) are
// reconciled by snapshot-sync.ts and content-sync.ts; the data of a deleted Delete-policy
// content is removed even when the content went before a reconcile saw its deletion.
import type { ControllerContext, RunningController } from "../controllers/controller-loop.js";
import { runControllerLoop } from "../controllers/controller-loop.js";
import type { PersistentVolumeClaim } from "../controllers/kube-types.js";
import { objectKey, resources, splitKey } from "../controllers/resources.js";
import type { PvDataStore } from "../kubelet/pv-data-store.js";
import { purgeSnapshotData, syncContent } from "./content-sync.js";
import { boundContentName, claimSnapshotSource } from "./snapshot-objects.js";
import { SnapshotStore } from "./snapshot-store.js";
import { syncSnapshot, type SnapshotSync } from "./snapshot-sync.js";
import {
  snapshotResources,
  type VolumeSnapshot,
  type VolumeSnapshotClass,
  type VolumeSnapshotContent,
} from "./snapshot-types.js";

const snapshotKey = (namespace: string | undefined, name: string): string =>
  `snapshot:${objectKey(namespace, name)}`;
const contentKey = (name: string): string => `content:${name}`;

function reconcile(
  sync: SnapshotSync,
  deleted: Map<string, VolumeSnapshotContent>,
  key: string,
): { requeueAfterMs?: number } {
  const caches = sync.context.caches;
  if (key.startsWith("snapshot:")) {
    const { namespace, name } = splitKey(key.slice("snapshot:".length));
    const snapshot = caches
      .for<VolumeSnapshot>(snapshotResources.volumesnapshots)
      .get(namespace, name);
    if (snapshot !== undefined) syncSnapshot(sync, snapshot);
    return {};
  }
  if (key.startsWith("purge:")) {
    const content = deleted.get(key);
    deleted.delete(key);
    if (content !== undefined) purgeSnapshotData(sync, content);
    return {};
  }
  const content = caches
    .for<VolumeSnapshotContent>(snapshotResources.volumesnapshotcontents)
    .get(undefined, key.slice("content:".length));
  if (content !== undefined) syncContent(sync, content);
  return {};
}

function claimSnapshotKeys(
  snapshots: readonly VolumeSnapshot[],
  claim: PersistentVolumeClaim,
): string[] {
  const namespace = claim.metadata.namespace;
  const source = claimSnapshotSource(claim);
  return snapshots
    .filter(
      (s) =>
        s.metadata.namespace === namespace &&
        (s.spec.source.persistentVolumeClaimName === claim.metadata.name ||
          s.metadata.name === source),
    )
    .map((s) => snapshotKey(namespace, s.metadata.name ?? ""));
}

/** Starts the snapshot controller and driver; the driver keeps snapshots under `pvStore`'s data dir. */
export function startSnapshotController(
  context: ControllerContext,
  pvStore: PvDataStore,
): RunningController {
  const caches = context.caches;
  const snapshots = caches.for<VolumeSnapshot>(snapshotResources.volumesnapshots);
  const contents = caches.for<VolumeSnapshotContent>(snapshotResources.volumesnapshotcontents);
  const classes = caches.for<VolumeSnapshotClass>(snapshotResources.volumesnapshotclasses);
  const claims = caches.for<PersistentVolumeClaim>(resources.persistentvolumeclaims);
  const sync: SnapshotSync = { context, pvStore, store: new SnapshotStore(pvStore.dataDir) };
  const deleted = new Map<string, VolumeSnapshotContent>();
  const allKeys = (): string[] => [
    ...snapshots.list().map((s) => snapshotKey(s.metadata.namespace, s.metadata.name ?? "")),
    ...contents.list().map((c) => contentKey(c.metadata.name ?? "")),
  ];
  return runControllerLoop({
    name: "snapshot",
    logger: context.logger,
    resync: { everyMs: 15_000, keys: allKeys },
    wire: (queue) => [
      snapshots.onChange(({ object }) => {
        queue.add(snapshotKey(object.metadata.namespace, object.metadata.name ?? ""));
        queue.add(contentKey(boundContentName(object)));
      }),
      contents.onChange(({ type, object }) => {
        const name = object.metadata.name ?? "";
        if (type === "DELETED") {
          deleted.set(`purge:${name}`, object);
          queue.add(`purge:${name}`);
        } else queue.add(contentKey(name));
        const ref = object.spec.volumeSnapshotRef;
        if (ref.name !== undefined) queue.add(snapshotKey(ref.namespace, ref.name));
      }),
      classes.onChange(() => {
        for (const s of snapshots.list())
          if (s.status?.readyToUse !== true)
            queue.add(snapshotKey(s.metadata.namespace, s.metadata.name ?? ""));
      }),
      claims.onChange(({ object }) => {
        for (const key of claimSnapshotKeys(snapshots.list(), object)) queue.add(key);
      }),
    ],
    reconcile: (key) => reconcile(sync, deleted, key),
  });
}
