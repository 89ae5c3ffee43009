// The in-process ClusterApi: the same verbs the HTTP API serves, for the simulated controllers
// and kubelet, and for tests. Objects handed out are copies, so callers may change them freely.
import type {
  ClusterApi,
  DeleteOptions,
  KubeObject,
  ListOptions,
  ResourceRef,
  WatchEventType,
} from "../cluster-api.js";
import type { ResourceType } from "../registry/resource-type.js";
import type { ApiContext, WriteOptions } from "./api-context.js";
import { createObject } from "./create-object.js";
import { deleteObject } from "./delete-object.js";
import { listObjects } from "./list-objects.js";
import { patchObject } from "./patch-object.js";
import type { PatchType } from "./patch-object.js";
import { updateObject } from "./update-object.js";
import { toServedVersion } from "./versioning.js";

const IN_PROCESS_MANAGER = "local-cluster";

/** {@link ClusterApi} over one cluster's {@link ApiContext}, plus patch and paging. */
export class ResourceApi implements ClusterApi {
  readonly ctx: ApiContext;

  constructor(ctx: ApiContext) {
    this.ctx = ctx;
  }

  private type(ref: ResourceRef): ResourceType {
    return this.ctx.registry.require(ref);
  }

  private options(extra: WriteOptions = {}): WriteOptions {
    return { fieldValidation: "Ignore", fieldManager: IN_PROCESS_MANAGER, ...extra };
  }

  get(ref: ResourceRef, namespace: string | undefined, name: string): KubeObject | undefined {
    const type = this.type(ref);
    const object = this.ctx.store.get(
      type.storageKey,
      type.namespaced ? (namespace ?? "") : "",
      name,
    );
    return object === undefined ? undefined : structuredClone(toServedVersion(type, object));
  }

  list(ref: ResourceRef, options: ListOptions = {}): KubeObject[] {
    const result = listObjects(this.ctx, this.type(ref), options);
    return result.items.map((item) => structuredClone(item));
  }

  create(ref: ResourceRef, object: KubeObject): KubeObject {
    const type = this.type(ref);
    const body = structuredClone(object);
    return structuredClone(
      createObject(this.ctx, type, {
        namespace: type.namespaced ? object.metadata.namespace : undefined,
        body,
        options: this.options(),
      }),
    );
  }

  update(
    ref: ResourceRef,
    object: KubeObject,
    options: { subresource?: "status" } = {},
  ): KubeObject {
    const type = this.type(ref);
    const request = {
      namespace: type.namespaced ? object.metadata.namespace : undefined,
      name: object.metadata.name ?? "",
      body: structuredClone(object),
      options: this.options(
        options.subresource === undefined ? {} : { subresource: options.subresource },
      ),
    };
    return structuredClone(updateObject(this.ctx, type, request));
  }

  /** Patches an object (`json`, `merge`, `strategic` or `apply`). */
  patch(
    ref: ResourceRef,
    target: { namespace?: string; name: string },
    patch: { type: PatchType; body: unknown; options?: WriteOptions & { force?: boolean } },
  ): KubeObject {
    const type = this.type(ref);
    return structuredClone(
      patchObject(this.ctx, type, {
        namespace: type.namespaced ? target.namespace : undefined,
        name: target.name,
        patchType: patch.type,
        patch: patch.body,
        options: this.options(patch.options),
      }),
    );
  }

  delete(
    ref: ResourceRef,
    namespace: string | undefined,
    name: string,
    options: DeleteOptions = {},
  ): void {
    const type = this.type(ref);
    deleteObject(this.ctx, type, {
      namespace: type.namespaced ? namespace : undefined,
      name,
      options,
    });
  }

  watch(
    ref: ResourceRef,
    handler: (type: WatchEventType, object: KubeObject) => void,
    options: { readonly namespace?: string } = {},
  ): () => void {
    const type = this.type(ref);
    return this.ctx.store.history.subscribe(type.storageKey, (event) => {
      if (
        options.namespace !== undefined &&
        (event.object.metadata.namespace ?? "") !== options.namespace
      )
        return;
      handler(event.type, structuredClone(toServedVersion(type, event.object)));
    });
  }
}
