// The few object operations install and uninstall need, as an interface: the real one goes
// through lib/kube's ResourceClient, tests use an in-memory fake with the same error classes.
import {
  isNotFound,
  type KubeObject,
  type ResourceClient,
  type ResourceType,
} from "../../lib/kube/index.js";

/** Where an object lives. */
export interface ObjectRef {
  readonly type: ResourceType;
  readonly name: string;
  readonly namespace?: string | undefined;
}

/**
 * Object CRUD by resource type. Failures are lib/kube's named errors: `create` throws
 * `AlreadyExistsError` when the name is taken, `patch` and `delete` throw `NotFoundError`.
 */
export interface ObjectApi {
  /** The object, or undefined when it does not exist. */
  get(ref: ObjectRef): Promise<KubeObject | undefined>;
  create(type: ResourceType, object: KubeObject): Promise<KubeObject>;
  /** Applies a JSON merge patch (RFC 7386). */
  mergePatch(ref: ObjectRef, patch: unknown): Promise<KubeObject>;
  list(
    type: ResourceType,
    options?: { namespace?: string; labelSelector?: string },
  ): Promise<KubeObject[]>;
  delete(ref: ObjectRef): Promise<void>;
}

/** An ObjectApi over the API server, given a factory of ResourceClients (CliContext's). */
export function restObjectApi(clientFor: (type: ResourceType) => ResourceClient): ObjectApi {
  return {
    async get(ref) {
      try {
        return await clientFor(ref.type).get(ref.name, ref.namespace);
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
    create: (type, object) => clientFor(type).create(object),
    mergePatch: (ref, patch) =>
      clientFor(ref.type).patch(ref.name, patch, { namespace: ref.namespace, type: "merge" }),
    async list(type, options = {}) {
      return (await clientFor(type).list(options)).items;
    },
    delete: (ref) => clientFor(ref.type).delete(ref.name, { namespace: ref.namespace }),
  };
}
