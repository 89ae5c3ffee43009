// Pure shapes and decisions of the snapshot controller: which class a VolumeSnapshot uses, the
// VolumeSnapshotContent a dynamic snapshot gets, the VolumeSnapshot status a content implies,
// and which snapshot a claim wants to be provisioned from.
import type { PersistentVolume, PersistentVolumeClaim } from "../controllers/kube-types.js";
import {
  SNAPSHOT_API_VERSION,
  SNAPSHOT_GROUP,
  snapshotAnnotations,
  type SnapshotError,
  type VolumeSnapshot,
  type VolumeSnapshotClass,
  type VolumeSnapshotContent,
} from "./snapshot-types.js";

/** The name of the content a dynamic VolumeSnapshot gets: `snapcontent-<vs uid>`. */
export function contentNameFor(snapshot: VolumeSnapshot): string {
  return `snapcontent-${snapshot.metadata.uid ?? ""}`;
}

/** The content a VolumeSnapshot is (or will be) bound to, by name. */
export function boundContentName(snapshot: VolumeSnapshot): string {
  return (
    snapshot.status?.boundVolumeSnapshotContentName ??
    snapshot.spec.source.volumeSnapshotContentName ??
    contentNameFor(snapshot)
  );
}

/** The driver's handle of the snapshot a dynamic content asks for: `snapshot-<content uid>`. */
export function snapshotHandleFor(content: VolumeSnapshotContent): string {
  return `snapshot-${content.metadata.uid ?? ""}`;
}

/** The class a snapshot of a volume of `driver` uses, or why there is none. */
export function chooseSnapshotClass(
  classes: readonly VolumeSnapshotClass[],
  snapshot: VolumeSnapshot,
  driver: string,
): { readonly snapshotClass: VolumeSnapshotClass } | { readonly error: string } {
  const wanted = snapshot.spec.volumeSnapshotClassName;
  if (wanted !== undefined) {
    const found = classes.find((c) => c.metadata.name === wanted);
    if (found === undefined) return { error: `VolumeSnapshotClass "${wanted}" not found` };
    if (found.driver !== driver)
      return {
        error: `VolumeSnapshotClass "${wanted}" is for driver ${found.driver}, the volume's driver is ${driver}`,
      };
    return { snapshotClass: found };
  }
  const defaults = classes.filter(
    (c) =>
      c.driver === driver &&
      c.metadata.annotations?.[snapshotAnnotations.isDefaultClass] === "true",
  );
  const only = defaults[0];
  if (only === undefined) return { error: `no default VolumeSnapshotClass for driver ${driver}` };
  if (defaults.length > 1)
    return {
      error: `${String(defaults.length)} default VolumeSnapshotClasses for driver ${driver}`,
    };
  return { snapshotClass: only };
}

/** The VolumeSnapshotContent the controller creates for a dynamic snapshot of `volume`. */
export function dynamicContent(
  snapshot: VolumeSnapshot,
  volume: PersistentVolume,
  snapshotClass: VolumeSnapshotClass,
): VolumeSnapshotContent {
  return {
    apiVersion: SNAPSHOT_API_VERSION,
    kind: "VolumeSnapshotContent",
    metadata: { name: contentNameFor(snapshot) },
    spec: {
      deletionPolicy: snapshotClass.deletionPolicy,
      driver: snapshotClass.driver,
      source: { volumeHandle: volume.spec.csi?.volumeHandle ?? "" },
      sourceVolumeMode: volume.spec.volumeMode ?? "Filesystem",
      volumeSnapshotClassName: snapshotClass.metadata.name ?? "",
      volumeSnapshotRef: {
        apiVersion: SNAPSHOT_API_VERSION,
        kind: "VolumeSnapshot",
        name: snapshot.metadata.name ?? "",
        namespace: snapshot.metadata.namespace ?? "",
        uid: snapshot.metadata.uid ?? "",
        resourceVersion: snapshot.metadata.resourceVersion ?? "",
      },
    },
  };
}

/** True when `content` names `snapshot` as its VolumeSnapshot (by uid when the ref has one). */
export function isContentFor(content: VolumeSnapshotContent, snapshot: VolumeSnapshot): boolean {
  const ref = content.spec.volumeSnapshotRef;
  if (ref.name !== snapshot.metadata.name || ref.namespace !== snapshot.metadata.namespace)
    return false;
  return (ref.uid ?? "") === "" || ref.uid === snapshot.metadata.uid;
}

const UNITS = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];

/** Bytes as a binary-suffixed quantity, the way the controller writes `restoreSize` ("1Gi"). */
export function bytesToQuantity(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value !== 0 && value % 1024 === 0 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${String(value)}${UNITS[unit] ?? ""}`;
}

/** Unix nanoseconds as an RFC 3339 timestamp in whole seconds (as metav1.Time serializes). */
export function nanosToTimestamp(nanos: number): string {
  return new Date(Math.floor(nanos / 1_000_000)).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The VolumeSnapshot status its bound `content` implies. */
export function statusFromContent(content: VolumeSnapshotContent): VolumeSnapshot["status"] {
  const status = content.status ?? {};
  return {
    boundVolumeSnapshotContentName: content.metadata.name ?? "",
    readyToUse: status.readyToUse ?? false,
    ...(status.restoreSize === undefined
      ? {}
      : { restoreSize: bytesToQuantity(status.restoreSize) }),
    ...(status.creationTime === undefined
      ? {}
      : { creationTime: nanosToTimestamp(status.creationTime) }),
    ...(status.error === undefined ? {} : { error: status.error }),
  };
}

/** `status.error` for `message` at `now`. */
export function snapshotError(message: string, now: Date): SnapshotError {
  return { message, time: now.toISOString().replace(/\.\d{3}Z$/, "Z") };
}

/** The name of the VolumeSnapshot `claim` is to be provisioned from, if it names one. */
export function claimSnapshotSource(claim: PersistentVolumeClaim): string | undefined {
  const spec = claim.spec as {
    dataSource?: { apiGroup?: string; kind?: string; name?: string };
    dataSourceRef?: { apiGroup?: string; kind?: string; name?: string };
  };
  const source = spec.dataSourceRef ?? spec.dataSource;
  if (source?.apiGroup !== SNAPSHOT_GROUP || source.kind !== "VolumeSnapshot") return undefined;
  return source.name;
}
