// Reads the PersistentVolumeClaim behind a pod volume and its PersistentVolume: what a
// PodVolumeBackup records (UID, PV name, reclaim policy, labels) and what rules it out
// (a hostPath PV, a block volume).
import {
  isNotFound,
  ResourceClient,
  type KubeObject,
  type KubeRestClient,
} from "../../lib/kube/index.js";
import type { ClaimDetails } from "./pod-volume-backup-object.js";

/** A claim as the backup side sees it. */
export interface ClaimView extends ClaimDetails {
  /** `spec.volumeMode` is Block. */
  readonly block: boolean;
  /** The bound PV is a hostPath volume. */
  readonly hostPath: boolean;
}

/** Reads claims; `undefined` when the claim does not exist. */
export type ClaimReader = (namespace: string, name: string) => Promise<ClaimView | undefined>;

interface ClaimObject extends KubeObject {
  spec?: { volumeName?: string; volumeMode?: string };
}

interface VolumeObject extends KubeObject {
  spec?: { persistentVolumeReclaimPolicy?: string; hostPath?: unknown; volumeMode?: string };
}

function core<T extends KubeObject>(
  rest: KubeRestClient,
  resource: string,
  namespaced: boolean,
): ResourceClient<T> {
  return new ResourceClient<T>(rest, { group: "", version: "v1", resource, namespaced });
}

async function orUndefined<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

function volumeDetails(volume: VolumeObject | undefined): Partial<ClaimDetails> {
  if (volume === undefined) return {};
  const reclaimPolicy = volume.spec?.persistentVolumeReclaimPolicy;
  const labels = volume.metadata?.labels;
  return {
    ...(reclaimPolicy === undefined ? {} : { reclaimPolicy }),
    ...(labels === undefined ? {} : { pvLabels: labels }),
  };
}

function volumeSpecOf(volume: VolumeObject | undefined): NonNullable<VolumeObject["spec"]> {
  return volume?.spec ?? {};
}

function viewOf(claim: ClaimObject, name: string, volume: VolumeObject | undefined): ClaimView {
  const spec = claim.spec ?? {};
  const pvName = spec.volumeName ?? "";
  return {
    name,
    uid: claim.metadata?.uid ?? "",
    ...(pvName === "" ? {} : { pvName }),
    ...volumeDetails(volume),
    block: (spec.volumeMode ?? volumeSpecOf(volume).volumeMode) === "Block",
    hostPath: volumeSpecOf(volume).hostPath !== undefined,
  };
}

/** A {@link ClaimReader} over the API server. */
export function apiClaimReader(rest: KubeRestClient): ClaimReader {
  const claims = core<ClaimObject>(rest, "persistentvolumeclaims", true);
  const volumes = core<VolumeObject>(rest, "persistentvolumes", false);
  return async (namespace, name) => {
    const claim = await orUndefined(() => claims.get(name, namespace));
    if (claim === undefined) return undefined;
    const pvName = claim.spec?.volumeName;
    const volume =
      pvName === undefined || pvName === ""
        ? undefined
        : await orUndefined(() => volumes.get(pvName));
    return viewOf(claim, name, volume);
  };
}
