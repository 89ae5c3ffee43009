// The Kubernetes objects the data mover creates and reads (claims, volumes, pods, CSI snapshots),
// typed as far as the data mover reads them, with clients for each.
import {
  isNotFound,
  ResourceClient,
  type KubeObject,
  type KubeRestClient,
} from "../../lib/kube/index.js";

/** A PersistentVolumeClaim, as far as the data mover reads or writes it. */
export interface ClaimObject extends KubeObject {
  spec?: {
    accessModes?: string[];
    storageClassName?: string;
    volumeName?: string;
    volumeMode?: string;
    resources?: { requests?: Record<string, string> };
    dataSource?: { apiGroup?: string; kind: string; name: string };
    dataSourceRef?: { apiGroup?: string; kind: string; name: string };
  };
  status?: { phase?: string };
}

/** A PersistentVolume, as far as the data mover reads it. */
export interface VolumeObject extends KubeObject {
  spec?: { csi?: { driver?: string }; persistentVolumeReclaimPolicy?: string };
}

/** A Pod the data mover hosts a volume in. */
export interface PodObject extends KubeObject {
  spec?: Record<string, unknown> & { nodeName?: string };
  status?: { phase?: string; message?: string; reason?: string };
}

/** A snapshot.storage.k8s.io/v1 VolumeSnapshot. */
export interface VolumeSnapshotObject extends KubeObject {
  spec?: {
    source?: { persistentVolumeClaimName?: string; volumeSnapshotContentName?: string };
    volumeSnapshotClassName?: string;
  };
  status?: {
    boundVolumeSnapshotContentName?: string;
    readyToUse?: boolean;
    restoreSize?: string;
    error?: { message?: string };
  };
}

/** A snapshot.storage.k8s.io/v1 VolumeSnapshotContent. */
export interface VolumeSnapshotContentObject extends KubeObject {
  spec?: {
    deletionPolicy?: string;
    driver?: string;
    volumeSnapshotClassName?: string;
    volumeSnapshotRef?: { name?: string; namespace?: string; uid?: string };
    source?: { snapshotHandle?: string; volumeHandle?: string };
  };
  status?: { snapshotHandle?: string; readyToUse?: boolean; restoreSize?: number };
}

/** A DaemonSet, for the node-agent's own image. */
export interface DaemonSetObject extends KubeObject {
  spec?: { template?: { spec?: { containers?: { name: string; image?: string }[] } } };
}

const SNAPSHOT_GROUP = "snapshot.storage.k8s.io";

/** Clients of every kind above. */
export interface DataMoverClients {
  readonly claims: ResourceClient<ClaimObject>;
  readonly volumes: ResourceClient<VolumeObject>;
  readonly pods: ResourceClient<PodObject>;
  readonly snapshots: ResourceClient<VolumeSnapshotObject>;
  readonly snapshotContents: ResourceClient<VolumeSnapshotContentObject>;
  readonly daemonSets: ResourceClient<DaemonSetObject>;
}

/** Builds {@link DataMoverClients} over `rest`. */
export function createDataMoverClients(rest: KubeRestClient): DataMoverClients {
  const core = (resource: string, namespaced: boolean) => ({
    group: "",
    version: "v1",
    resource,
    namespaced,
  });
  return {
    claims: new ResourceClient(rest, core("persistentvolumeclaims", true)),
    volumes: new ResourceClient(rest, core("persistentvolumes", false)),
    pods: new ResourceClient(rest, core("pods", true)),
    snapshots: new ResourceClient(rest, {
      group: SNAPSHOT_GROUP,
      version: "v1",
      resource: "volumesnapshots",
      namespaced: true,
    }),
    snapshotContents: new ResourceClient(rest, {
      group: SNAPSHOT_GROUP,
      version: "v1",
      resource: "volumesnapshotcontents",
      namespaced: false,
    }),
    daemonSets: new ResourceClient(rest, {
      group: "apps",
      version: "v1",
      resource: "daemonsets",
      namespaced: true,
    }),
  };
}

/** Deletes `name` (background propagation), treating "already gone" as done. */
export async function deleteIfExists<T extends KubeObject>(
  client: ResourceClient<T>,
  name: string,
  namespace?: string,
): Promise<void> {
  try {
    await client.delete(name, { namespace, propagationPolicy: "Background" });
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}
