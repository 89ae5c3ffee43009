// The PersistentVolume controller and a CSI-style provisioner: binds claims to matching static
// PVs or to new PVs of their StorageClass (WaitForFirstConsumer waits for the scheduler's
// selected node), keeps both phases current, and reclaims volumes whose claim is gone (Delete
// removes the PV and its data, Retain leaves it Released). A claim with a VolumeSnapshot data
// source waits for the snapshot and starts from a copy of its data (csi/snapshot-data-source.ts).
import { type ClaimDataSource, snapshotDataSource } from "../csi/snapshot-data-source.js";
import type { PvDataStore } from "../kubelet/pv-data-store.js";
import type { ControllerContext, RunningController } from "./controller-loop.js";
import { runControllerLoop } from "./controller-loop.js";
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from "./kube-types.js";
import { deleteIfExists, isApiError, writeObject, writeStatus } from "./object-writes.js";
import { objectKey, resources, splitKey } from "./resources.js";
import { selectedNodeAnnotation } from "./scheduler.js";
import {
  bindingAnnotations,
  claimRefOf,
  findVolumeForClaim,
  provisionedVolume,
} from "./volume-binding.js";

const claimKey = (claim: PersistentVolumeClaim): string =>
  `claim:${objectKey(claim.metadata.namespace, claim.metadata.name ?? "")}`;
const volumeKey = (name: string): string => `volume:${name}`;

interface Binder {
  readonly context: ControllerContext;
  readonly pvStore: PvDataStore;
  readonly dataSource: ClaimDataSource;
}

function bind(binder: Binder, pv: PersistentVolume, claim: PersistentVolumeClaim): void {
  const { api } = binder.context;
  const pvName = pv.metadata.name ?? "";
  const setRef = pv.spec.claimRef?.uid !== claim.metadata.uid;
  writeObject<PersistentVolume>(api, resources.persistentvolumes, { name: pvName }, (v) => {
    v.spec.claimRef = claimRefOf(claim);
    if (setRef)
      v.metadata.annotations = {
        ...v.metadata.annotations,
        [bindingAnnotations.boundByController]: "yes",
      };
  });
  writeStatus<PersistentVolume>(api, resources.persistentvolumes, { name: pvName }, (v) => ({
    ...v.status,
    phase: "Bound",
  }));
  const target = { namespace: claim.metadata.namespace, name: claim.metadata.name ?? "" };
  const setName = (claim.spec.volumeName ?? "") === "";
  writeObject<PersistentVolumeClaim>(api, resources.persistentvolumeclaims, target, (c) => {
    c.spec.volumeName = pvName;
    const extra: Record<string, string> = setName
      ? { [bindingAnnotations.boundByController]: "yes" }
      : {};
    c.metadata.annotations = {
      ...c.metadata.annotations,
      [bindingAnnotations.bindCompleted]: "yes",
      ...extra,
    };
  });
  writeStatus<PersistentVolumeClaim>(api, resources.persistentvolumeclaims, target, (c) => ({
    ...c.status,
    phase: "Bound",
    accessModes: pv.spec.accessModes ?? [],
    capacity: pv.spec.capacity ?? {},
  }));
}

function provision(
  binder: Binder,
  claim: PersistentVolumeClaim,
  storageClass: StorageClass,
  fill?: (volumeDir: string) => void,
): void {
  const { api } = binder.context;
  const target = { namespace: claim.metadata.namespace, name: claim.metadata.name ?? "" };
  writeObject<PersistentVolumeClaim>(api, resources.persistentvolumeclaims, target, (c) => {
    c.metadata.annotations = {
      ...c.metadata.annotations,
      [bindingAnnotations.storageProvisioner]: storageClass.provisioner,
      [bindingAnnotations.betaStorageProvisioner]: storageClass.provisioner,
    };
  });
  const pv = provisionedVolume(claim, storageClass);
  binder.pvStore.create(pv.metadata.name ?? "");
  fill?.(binder.pvStore.storeDir(pv.metadata.name ?? ""));
  let created: PersistentVolume;
  try {
    created = api.create(resources.persistentvolumes, pv) as PersistentVolume;
  } catch (error) {
    if (!isApiError(error, 409)) throw error;
    created = api.get(
      resources.persistentvolumes,
      undefined,
      pv.metadata.name ?? "",
    ) as PersistentVolume;
  }
  const current = api.get(resources.persistentvolumeclaims, target.namespace, target.name) as
    PersistentVolumeClaim | undefined;
  if (current !== undefined) bind(binder, created, current);
}

function markPending(binder: Binder, claim: PersistentVolumeClaim): void {
  const target = { namespace: claim.metadata.namespace, name: claim.metadata.name ?? "" };
  writeStatus<PersistentVolumeClaim>(
    binder.context.api,
    resources.persistentvolumeclaims,
    target,
    (c) => ({ ...c.status, phase: "Pending" }),
  );
}

function classOf(binder: Binder, claim: PersistentVolumeClaim): StorageClass | undefined {
  const name = claim.spec.storageClassName ?? "";
  if (name === "") return undefined;
  return binder.context.caches.for<StorageClass>(resources.storageclasses).get(undefined, name);
}

function syncBoundClaim(binder: Binder, claim: PersistentVolumeClaim): void {
  const pvName = claim.spec.volumeName ?? "";
  const pv = binder.context.caches
    .for<PersistentVolume>(resources.persistentvolumes)
    .get(undefined, pvName);
  if (pv !== undefined) return;
  const target = { namespace: claim.metadata.namespace, name: claim.metadata.name ?? "" };
  writeStatus<PersistentVolumeClaim>(
    binder.context.api,
    resources.persistentvolumeclaims,
    target,
    (c) => ({ ...c.status, phase: "Lost" }),
  );
}

function staticMatch(binder: Binder, claim: PersistentVolumeClaim): PersistentVolume | undefined {
  const volumes = binder.context.caches.for<PersistentVolume>(resources.persistentvolumes);
  const wanted = claim.spec.volumeName ?? "";
  const match =
    wanted === "" ? findVolumeForClaim(volumes.list(), claim) : volumes.get(undefined, wanted);
  const ref = match?.spec.claimRef;
  return ref === undefined || ref.name === claim.metadata.name ? match : undefined;
}

function isWaitingForConsumer(storageClass: StorageClass, claim: PersistentVolumeClaim): boolean {
  return (
    storageClass.volumeBindingMode === "WaitForFirstConsumer" &&
    claim.metadata.annotations?.[selectedNodeAnnotation] === undefined
  );
}

function syncClaim(binder: Binder, claim: PersistentVolumeClaim): void {
  const phase = claim.status?.phase;
  if (phase === "Bound" || phase === "Lost") {
    syncBoundClaim(binder, claim);
    return;
  }
  const match = staticMatch(binder, claim);
  if (match !== undefined) {
    bind(binder, match, claim);
    return;
  }
  provisionOrWait(binder, claim);
}

function provisionOrWait(binder: Binder, claim: PersistentVolumeClaim): void {
  const storageClass = (claim.spec.volumeName ?? "") === "" ? classOf(binder, claim) : undefined;
  if (storageClass === undefined || isWaitingForConsumer(storageClass, claim)) {
    markPending(binder, claim);
    return;
  }
  const contents = binder.dataSource.resolve(claim, storageClass);
  if (contents !== undefined && "pending" in contents) {
    markPending(binder, claim);
    return;
  }
  provision(binder, claim, storageClass, contents?.fill);
}

function reclaim(binder: Binder, pv: PersistentVolume): void {
  const name = pv.metadata.name ?? "";
  if (pv.spec.persistentVolumeReclaimPolicy === "Delete") {
    deleteIfExists(binder.context.api, resources.persistentvolumes, { name });
    return;
  }
  writeStatus<PersistentVolume>(binder.context.api, resources.persistentvolumes, { name }, (v) => ({
    ...v.status,
    phase: "Released",
  }));
}

function isClaimGone(
  ref: NonNullable<PersistentVolume["spec"]["claimRef"]>,
  claim: PersistentVolumeClaim | undefined,
): boolean {
  if (claim === undefined) return true;
  return (ref.uid ?? "") !== "" && claim.metadata.uid !== ref.uid;
}

function setVolumePhase(binder: Binder, name: string, phase: "Available" | "Bound"): void {
  writeStatus<PersistentVolume>(binder.context.api, resources.persistentvolumes, { name }, (v) => ({
    ...v.status,
    phase,
  }));
}

function wasBound(pv: PersistentVolume): boolean {
  return (pv.spec.claimRef?.uid ?? "") !== "" || pv.status?.phase === "Bound";
}

function syncVolume(binder: Binder, pv: PersistentVolume): void {
  const name = pv.metadata.name ?? "";
  const ref = pv.spec.claimRef;
  if (ref?.name === undefined) {
    setVolumePhase(binder, name, "Available");
    return;
  }
  const claims = binder.context.caches.for<PersistentVolumeClaim>(resources.persistentvolumeclaims);
  const claim = claims.get(ref.namespace, ref.name);
  if (!isClaimGone(ref, claim)) {
    setVolumePhase(binder, name, claim?.spec.volumeName === name ? "Bound" : "Available");
  } else if (wasBound(pv)) reclaim(binder, pv);
}

function reconcile(binder: Binder, key: string): { requeueAfterMs?: number } {
  const caches = binder.context.caches;
  if (key.startsWith("claim:")) {
    const { namespace, name } = splitKey(key.slice("claim:".length));
    const claim = caches
      .for<PersistentVolumeClaim>(resources.persistentvolumeclaims)
      .get(namespace, name);
    if (claim !== undefined && claim.metadata.deletionTimestamp === undefined)
      syncClaim(binder, claim);
    return {};
  }
  const pv = caches
    .for<PersistentVolume>(resources.persistentvolumes)
    .get(undefined, key.slice("volume:".length));
  if (pv !== undefined && pv.metadata.deletionTimestamp === undefined) syncVolume(binder, pv);
  return {};
}

/** Starts the PV controller; PV data directories live in `pvStore`. */
export function startPersistentVolumeController(
  context: ControllerContext,
  pvStore: PvDataStore,
): RunningController {
  const claims = context.caches.for<PersistentVolumeClaim>(resources.persistentvolumeclaims);
  const volumes = context.caches.for<PersistentVolume>(resources.persistentvolumes);
  const classes = context.caches.for<StorageClass>(resources.storageclasses);
  const dataSource = snapshotDataSource(context, pvStore.dataDir);
  const binder: Binder = { context, pvStore, dataSource };
  return runControllerLoop({
    name: "persistentvolume",
    logger: context.logger,
    resync: {
      everyMs: 15_000,
      keys: () => [
        ...claims.list().map(claimKey),
        ...volumes.list().map((v) => volumeKey(v.metadata.name ?? "")),
      ],
    },
    wire: (queue) => [
      claims.onChange(({ type, object }) => {
        queue.add(claimKey(object));
        if (type === "DELETED" && (object.spec.volumeName ?? "") !== "")
          queue.add(volumeKey(object.spec.volumeName ?? ""));
      }),
      volumes.onChange(({ type, object }) => {
        const name = object.metadata.name ?? "";
        if (type === "DELETED") pvStore.remove(name);
        else queue.add(volumeKey(name));
        const ref = object.spec.claimRef;
        if (ref?.name !== undefined) queue.add(`claim:${objectKey(ref.namespace, ref.name)}`);
      }),
      classes.onChange(() => {
        for (const claim of claims.list())
          if (claim.status?.phase !== "Bound") queue.add(claimKey(claim));
      }),
      dataSource.watch((namespace) => {
        for (const claim of claims.list(namespace))
          if (claim.status?.phase !== "Bound") queue.add(claimKey(claim));
      }),
    ],
    reconcile: (key) => reconcile(binder, key),
  });
}
