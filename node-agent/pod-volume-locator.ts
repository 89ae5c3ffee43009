// Finds a pod volume's directory on this node: reads the pod, its PVC and PV through the API,
// names the directory as Velero does, and resolves it under the host pods root.
import { VeleroError } from "../lib/errors.js";
import { NotFoundError, ResourceClient, type KubeRestClient } from "../lib/kube/index.js";
import {
  resolveVolumeHostPath,
  volumeDirName,
  type BoundVolume,
  type PodVolumeSource,
  type ResolvedHostPath,
} from "./host-paths.js";

/** The fields of a Pod the node-agent reads. */
export interface PodInfo {
  apiVersion?: string;
  kind?: string;
  metadata: { name?: string; namespace?: string; uid?: string };
  spec: {
    nodeName?: string;
    volumes?: PodVolumeSource[];
    initContainers?: { name: string }[];
  };
  status?: {
    phase?: string;
    initContainerStatuses?: { name: string; state?: { running?: unknown; terminated?: unknown } }[];
  };
}

interface ClaimInfo {
  metadata?: { name?: string; uid?: string };
  spec?: { volumeName?: string };
}

interface VolumeInfo {
  metadata?: { name?: string };
  spec?: { csi?: unknown; volumeMode?: string };
}

/** A volume the node-agent cannot back up or restore as asked (not retryable). */
export class PodVolumeError extends VeleroError {
  constructor(message: string) {
    super("PodVolume", message);
  }
}

/** Where a pod volume is, and the claim behind it. */
export interface LocatedVolume extends ResolvedHostPath {
  readonly pvcName?: string;
  readonly pvcUid?: string;
}

const core = (resource: string, namespaced: boolean) => ({
  group: "",
  version: "v1",
  resource,
  namespaced,
});

function volumeOf(pod: PodInfo, volumeName: string): PodVolumeSource {
  const volume = pod.spec.volumes?.find((v) => v.name === volumeName);
  if (volume !== undefined) return volume;
  const { namespace = "", name = "" } = pod.metadata;
  throw new PodVolumeError(`volume "${volumeName}" not found in pod ${namespace}/${name}`);
}

/** Reads pods, claims and volumes and resolves volume directories under `hostPodsRoot`. */
export class PodVolumeLocator {
  readonly #root: string;
  readonly #pods: ResourceClient<PodInfo & { metadata: object }>;
  readonly #claims: ResourceClient<ClaimInfo>;
  readonly #volumes: ResourceClient<VolumeInfo>;

  constructor(rest: KubeRestClient, hostPodsRoot: string) {
    this.#root = hostPodsRoot;
    this.#pods = new ResourceClient(rest, core("pods", true));
    this.#claims = new ResourceClient(rest, core("persistentvolumeclaims", true));
    this.#volumes = new ResourceClient(rest, core("persistentvolumes", false));
  }

  /** The pod, or undefined when it does not exist. */
  async getPod(namespace: string, name: string): Promise<PodInfo | undefined> {
    try {
      return await this.#pods.get(name, namespace);
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  /**
   * The directory of `volumeName` of `pod` on this node. Throws {@link PodVolumeError} for a
   * volume the pod lacks or a block volume, `HostPathNotFoundError` (retryable) while the
   * kubelet has not set the volume up, and the other host path errors.
   */
  async locate(pod: PodInfo, volumeName: string): Promise<LocatedVolume> {
    const volume = volumeOf(pod, volumeName);
    const podUid = pod.metadata.uid ?? "";
    const claimName = volume.persistentVolumeClaim?.claimName;
    if (claimName === undefined) {
      return resolveVolumeHostPath(this.#root, { podUid, volumeDir: volumeDirName(volume) });
    }
    const { claim, bound } = await this.#boundVolume(pod.metadata.namespace ?? "", claimName);
    if (bound.isBlock) {
      throw new PodVolumeError(
        `volume "${volumeName}" is a block volume: file-system backup supports filesystem volumes only`,
      );
    }
    const resolved = await resolveVolumeHostPath(this.#root, {
      podUid,
      volumeDir: volumeDirName(volume, bound),
    });
    const pvcUid = claim.metadata?.uid;
    return { ...resolved, pvcName: claimName, ...(pvcUid === undefined ? {} : { pvcUid }) };
  }

  async #boundVolume(
    namespace: string,
    claimName: string,
  ): Promise<{ claim: ClaimInfo; bound: BoundVolume }> {
    const claim = await this.#claims.get(claimName, namespace);
    const pvName = claim.spec?.volumeName ?? "";
    if (pvName === "")
      throw new PodVolumeError(`persistentvolumeclaim "${claimName}" is not bound`);
    const pv = await this.#volumes.get(pvName);
    const bound = {
      name: pvName,
      isCsi: pv.spec?.csi !== undefined,
      isBlock: pv.spec?.volumeMode === "Block",
    };
    return { claim, bound };
  }
}
