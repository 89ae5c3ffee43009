// Pure matching and object shapes of PersistentVolume binding: which static PV fits a claim,
// the PV a provisioner creates for a claim, and the claimRef/annotations binding sets.
import { quantityValue } from "../../../lib/api/index.js";
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from "./kube-types.js";
import { matchesLabelSelector } from "./label-selector.js";

/** Annotations the PV controller and provisioners set, as the real ones spell them. */
export const bindingAnnotations = {
  bindCompleted: "pv.kubernetes.io/bind-completed",
  boundByController: "pv.kubernetes.io/bound-by-controller",
  provisionedBy: "pv.kubernetes.io/provisioned-by",
  storageProvisioner: "volume.kubernetes.io/storage-provisioner",
  betaStorageProvisioner: "volume.beta.kubernetes.io/storage-provisioner",
  defaultClass: "storageclass.kubernetes.io/is-default-class",
} as const;

/** The claim's requested storage ("1Gi" when unset). */
export function requestedStorage(claim: PersistentVolumeClaim): string {
  return claim.spec.resources?.requests?.["storage"] ?? "1Gi";
}

function isClaimRefFor(pv: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  const ref = pv.spec.claimRef;
  if (ref === undefined) return true;
  const sameName = ref.namespace === claim.metadata.namespace && ref.name === claim.metadata.name;
  return sameName && (ref.uid === undefined || ref.uid === claim.metadata.uid);
}

function fitsSize(pv: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  const size = quantityValue(pv.spec.capacity?.["storage"] ?? "0");
  return size >= quantityValue(requestedStorage(claim));
}

function fitsModes(pv: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  const modes = pv.spec.accessModes ?? [];
  const sameVolumeMode =
    (pv.spec.volumeMode ?? "Filesystem") === (claim.spec.volumeMode ?? "Filesystem");
  return sameVolumeMode && (claim.spec.accessModes ?? []).every((m) => modes.includes(m));
}

function fitsClass(pv: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  const selector = claim.spec.selector;
  const sameClass = (pv.spec.storageClassName ?? "") === (claim.spec.storageClassName ?? "");
  return (
    sameClass && (selector === undefined || matchesLabelSelector(selector, pv.metadata.labels))
  );
}

/** True when the static `pv` can satisfy `claim` (class, size, access modes, mode, selector). */
export function volumeMatchesClaim(pv: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  if (pv.metadata.deletionTimestamp !== undefined || pv.status?.phase === "Released") return false;
  return (
    isClaimRefFor(pv, claim) && fitsClass(pv, claim) && fitsModes(pv, claim) && fitsSize(pv, claim)
  );
}

/** The best static PV for `claim`: pre-bound ones first, then the smallest that fits. */
export function findVolumeForClaim(
  volumes: readonly PersistentVolume[],
  claim: PersistentVolumeClaim,
): PersistentVolume | undefined {
  const fitting = volumes
    .filter((pv) => pv.spec.claimRef?.name === undefined || isClaimRefFor(pv, claim))
    .filter((pv) => volumeMatchesClaim(pv, claim));
  const preBound = fitting.find((pv) => pv.spec.claimRef !== undefined);
  if (preBound !== undefined) return preBound;
  const unbound = fitting.filter((pv) => pv.spec.claimRef === undefined);
  return unbound.sort(
    (a, b) =>
      quantityValue(a.spec.capacity?.["storage"] ?? "0") -
      quantityValue(b.spec.capacity?.["storage"] ?? "0"),
  )[0];
}

/** The claimRef binding writes into a PV. */
export function claimRefOf(
  claim: PersistentVolumeClaim,
): NonNullable<PersistentVolume["spec"]["claimRef"]> {
  return {
    kind: "PersistentVolumeClaim",
    apiVersion: "v1",
    namespace: claim.metadata.namespace ?? "default",
    name: claim.metadata.name ?? "",
    uid: claim.metadata.uid ?? "",
    resourceVersion: claim.metadata.resourceVersion ?? "",
  };
}

/** The PV a CSI provisioner creates for `claim` of `storageClass` (name `pvc-<claim uid>`). */
export function provisionedVolume(
  claim: PersistentVolumeClaim,
  storageClass: StorageClass,
): PersistentVolume {
  const name = `pvc-${claim.metadata.uid ?? ""}`;
  const pv: PersistentVolume = {
    apiVersion: "v1",
    kind: "PersistentVolume",
    metadata: {
      name,
      annotations: {
        [bindingAnnotations.provisionedBy]: storageClass.provisioner,
        "volume.kubernetes.io/provisioner-deletion-secret-name": "",
        "volume.kubernetes.io/provisioner-deletion-secret-namespace": "",
      },
      finalizers: [],
    },
    spec: {
      accessModes: claim.spec.accessModes ?? ["ReadWriteOnce"],
      capacity: { storage: requestedStorage(claim) },
      claimRef: claimRefOf(claim),
      csi: {
        driver: storageClass.provisioner,
        volumeHandle: `${storageClass.provisioner}-${claim.metadata.uid ?? ""}`,
        fsType: "ext4",
        volumeAttributes: {
          "storage.kubernetes.io/csiProvisionerIdentity": `${storageClass.provisioner}-local`,
        },
      },
      persistentVolumeReclaimPolicy: storageClass.reclaimPolicy ?? "Delete",
      storageClassName: storageClass.metadata.name ?? "",
      volumeMode: claim.spec.volumeMode ?? "Filesystem",
    },
  };
  if (storageClass.mountOptions !== undefined)
    pv.spec.mountOptions = [...storageClass.mountOptions];
  return pv;
}

/** The default StorageClass (annotated is-default-class "true"), if any. */
export function defaultStorageClass(classes: readonly StorageClass[]): StorageClass | undefined {
  return classes.find((c) => c.metadata.annotations?.[bindingAnnotations.defaultClass] === "true");
}
