// Whether a backup takes a CSI snapshot of a PVC, as Velero's volume helper and CSI PVC action
// decide: not when `snapshotVolumes` is false, not for an unbound claim or a volume that is not
// CSI, not when a pod's volume selection sends it to file-system backup; an error for a claim
// without a storage class.
import type { Backup } from "../../lib/api/index.js";
import type { KubeObject } from "../../lib/kube/index.js";
import { selectPodVolumes, type SelectablePod } from "../pod-volumes/volume-selection.js";
import type { CsiApi } from "./csi-api.js";
import { UnsnapshottableClaimError } from "./errors.js";

/** The decision for one claim. */
export type ClaimSnapshotPlan =
  | { readonly kind: "skip"; readonly reason: string }
  | {
      readonly kind: "snapshot";
      readonly pv: KubeObject;
      /** The storage class's provisioner, which picks the VolumeSnapshotClass. */
      readonly driver: string;
    };

interface ClaimFields {
  metadata?: { name?: string; namespace?: string };
  spec?: { storageClassName?: string | null; volumeName?: string };
}

interface PodWithClaims extends SelectablePod {
  metadata?: { name?: string; annotations?: Readonly<Record<string, string>> };
}

/** Pods per namespace, listed once per backup. */
export class PodsByNamespace {
  readonly #api: CsiApi;
  readonly #pods = new Map<string, Promise<KubeObject[]>>();

  constructor(api: CsiApi) {
    this.#api = api;
  }

  get(namespace: string): Promise<KubeObject[]> {
    let pods = this.#pods.get(namespace);
    if (pods === undefined) {
      pods = this.#api.listPods(namespace);
      pods.catch(() => {
        this.#pods.delete(namespace);
      });
      this.#pods.set(namespace, pods);
    }
    return pods;
  }
}

/** The pod whose volume selection backs the claim up at file-system level, if any. */
export function podBackingUpClaim(
  pods: readonly KubeObject[],
  claim: string,
  defaultVolumesToFsBackup: boolean,
): string | undefined {
  for (const pod of pods as readonly PodWithClaims[]) {
    const selected = new Set(
      selectPodVolumes(pod, { defaultVolumesToFsBackup, excludesClaims: false }).volumes,
    );
    const mounts = (pod.spec?.volumes ?? []).some(
      (v) => v.persistentVolumeClaim?.claimName === claim && selected.has(v.name),
    );
    if (mounts) return pod.metadata?.name ?? "";
  }
  return undefined;
}

interface ClaimRef {
  readonly namespace: string;
  readonly name: string;
  readonly volumeName: string;
  readonly storageClass: string | undefined;
}

function claimRef(pvc: KubeObject): ClaimRef {
  const fields = pvc as ClaimFields;
  return {
    namespace: fields.metadata?.namespace ?? "",
    name: fields.metadata?.name ?? "",
    volumeName: fields.spec?.volumeName ?? "",
    storageClass: fields.spec?.storageClassName ?? undefined,
  };
}

function unsnapshottable(claim: ClaimRef, why: string): UnsnapshottableClaimError {
  return new UnsnapshottableClaimError(
    `Cannot snapshot PVC ${claim.namespace}/${claim.name}${why}`,
  );
}

/** Decides for `pvc` in `backup`; throws {@link UnsnapshottableClaimError} as Velero does. */
export async function planClaimSnapshot(
  api: CsiApi,
  input: { readonly pvc: KubeObject; readonly backup: Backup; readonly pods: PodsByNamespace },
): Promise<ClaimSnapshotPlan> {
  const claim = claimRef(input.pvc);
  if (input.backup.spec.snapshotVolumes === false) {
    return { kind: "skip", reason: "the backup's snapshotVolumes is false" };
  }
  if (claim.volumeName === "") return { kind: "skip", reason: "the PVC is not bound to a volume" };
  if (claim.storageClass === undefined) throw unsnapshottable(claim, ", PVC has no storage class.");
  const pv = await api.volumes.get("", claim.volumeName);
  if (pv === undefined) {
    throw unsnapshottable(claim, `: its volume ${claim.volumeName} does not exist`);
  }
  if ((pv["spec"] as { csi?: unknown } | undefined)?.csi === undefined) {
    return { kind: "skip", reason: `associated PV ${claim.volumeName} is not a CSI volume` };
  }
  const fsPod = podBackingUpClaim(
    await input.pods.get(claim.namespace),
    claim.name,
    input.backup.spec.defaultVolumesToFsBackup === true,
  );
  if (fsPod !== undefined) {
    return { kind: "skip", reason: `it is backed up with PodVolumeBackup (pod ${fsPod})` };
  }
  const sc = await api.storageClasses.get("", claim.storageClass);
  const driver = (sc as { provisioner?: string } | undefined)?.provisioner;
  if (driver === undefined) {
    throw unsnapshottable(claim, `: error getting storage class ${claim.storageClass}`);
  }
  return { kind: "snapshot", pv, driver };
}
