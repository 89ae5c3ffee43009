// The cluster objects CSI snapshot backup and restore read and write (claims, volumes, storage
// classes, pods, and the snapshot.storage.k8s.io kinds), as one narrow interface with an
// implementation over the agent's REST client; tests use the in-memory one in testing/.
import {
  SNAPSHOT_GROUP,
  SNAPSHOT_VERSION,
  type VolumeSnapshot,
  type VolumeSnapshotClass,
  type VolumeSnapshotContent,
} from "../../lib/api/index.js";
import {
  getOrUndefined,
  isNotFound,
  ResourceClient,
  type KubeObject,
  type KubeRestClient,
  type ObjectLike,
  type ResourceType,
} from "../../lib/kube/index.js";

/**
 * Objects of one kind. `namespace` is `""` for cluster-scoped kinds. Contract: `get` resolves
 * undefined for a missing object; `list` covers every namespace and takes an equality label
 * selector (`a=b,c=d`); `patch` is a JSON merge patch; `delete` resolves false when the object
 * was already gone. Other API failures reject with lib/kube's errors.
 */
export interface ObjectAccess<T> {
  get(namespace: string, name: string): Promise<T | undefined>;
  list(labelSelector?: string): Promise<T[]>;
  create(object: T): Promise<T>;
  patch(namespace: string, name: string, patch: unknown): Promise<T>;
  delete(namespace: string, name: string): Promise<boolean>;
}

/** What CSI snapshot backup, restore and deletion need from the cluster. */
export interface CsiApi {
  readonly claims: Pick<ObjectAccess<KubeObject>, "get">;
  readonly volumes: Pick<ObjectAccess<KubeObject>, "get">;
  readonly storageClasses: Pick<ObjectAccess<KubeObject>, "get">;
  /** Pods of one namespace (which of them mount a claim decides file-system backup). */
  listPods(namespace: string): Promise<KubeObject[]>;
  readonly snapshots: ObjectAccess<VolumeSnapshot>;
  readonly contents: ObjectAccess<VolumeSnapshotContent>;
  readonly classes: ObjectAccess<VolumeSnapshotClass>;
}

function snapshotType(resource: string, kind: string, namespaced: boolean): ResourceType {
  return { group: SNAPSHOT_GROUP, version: SNAPSHOT_VERSION, resource, kind, namespaced };
}

const types = {
  claims: { group: "", version: "v1", resource: "persistentvolumeclaims", namespaced: true },
  volumes: { group: "", version: "v1", resource: "persistentvolumes", namespaced: false },
  storageClasses: {
    group: "storage.k8s.io",
    version: "v1",
    resource: "storageclasses",
    namespaced: false,
  },
  pods: { group: "", version: "v1", resource: "pods", namespaced: true },
  snapshots: snapshotType("volumesnapshots", "VolumeSnapshot", true),
  contents: snapshotType("volumesnapshotcontents", "VolumeSnapshotContent", false),
  classes: snapshotType("volumesnapshotclasses", "VolumeSnapshotClass", false),
} satisfies Record<string, ResourceType>;

function access<T extends ObjectLike>(rest: KubeRestClient, type: ResourceType): ObjectAccess<T> {
  const client = new ResourceClient<T>(rest, type);
  const ns = (namespace: string): string | undefined =>
    type.namespaced && namespace !== "" ? namespace : undefined;
  return {
    get: (namespace, name) => getOrUndefined(() => client.get(name, ns(namespace))),
    list: async (labelSelector) => {
      try {
        return (await client.list({ labelSelector })).items;
      } catch (error) {
        if (isNotFound(error)) return [];
        throw error;
      }
    },
    create: (object) => client.create(object),
    patch: (namespace, name, patch) => client.patch(name, patch, { namespace: ns(namespace) }),
    delete: async (namespace, name) => {
      try {
        await client.delete(name, { namespace: ns(namespace) });
        return true;
      } catch (error) {
        if (isNotFound(error)) return false;
        throw error;
      }
    },
  };
}

/** The {@link CsiApi} of a cluster. A cluster that does not serve the snapshot kinds lists none. */
export function restCsiApi(rest: KubeRestClient): CsiApi {
  const pods = new ResourceClient(rest, types.pods);
  return {
    claims: access(rest, types.claims),
    volumes: access(rest, types.volumes),
    storageClasses: access(rest, types.storageClasses),
    listPods: async (namespace) => (await pods.list({ namespace })).items,
    snapshots: access<VolumeSnapshot>(rest, types.snapshots),
    contents: access<VolumeSnapshotContent>(rest, types.contents),
    classes: access<VolumeSnapshotClass>(rest, types.classes),
  };
}
