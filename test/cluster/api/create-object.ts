// The create verb: decode, name, namespace checks, server metadata, defaults and admission,
// validation, then storage (or nothing with dryRun).
import type { KubeObject } from "../cluster-api.js";
import type { ResourceType } from "../registry/resource-type.js";
import type { ApiContext, WriteOptions } from "./api-context.js";
import { alreadyExists, badRequest, forbidden, notFound } from "./api-errors.js";
import { decodeBody } from "./decode-body.js";
import { recordManagedFields } from "./managed-fields.js";
import { initMetadata } from "./object-meta.js";
import { validateObject } from "./validate-object.js";
import { toServedVersion, toStorageVersion } from "./versioning.js";

const NAMESPACES = { group: "", resource: "namespaces", kind: "Namespace" };

/** Reconciles the namespace of the request path with the body's; returns the namespace to use. */
export function resolveNamespace(
  type: ResourceType,
  pathNamespace: string | undefined,
  object: KubeObject,
): string | undefined {
  if (!type.namespaced) {
    delete object.metadata.namespace;
    return undefined;
  }
  const own = object.metadata.namespace;
  if (pathNamespace !== undefined && own !== undefined && own !== "" && own !== pathNamespace) {
    throw badRequest(
      "the namespace of the provided object does not match the namespace sent on the request",
    );
  }
  const namespace = pathNamespace ?? (own === undefined || own === "" ? undefined : own);
  if (namespace === undefined)
    throw badRequest("the server could not find the requested resource (namespace missing)");
  object.metadata.namespace = namespace;
  return namespace;
}

/** Throws unless `namespace` exists and is not terminating (for creates of `type`/`name`). */
export function requireActiveNamespace(
  ctx: ApiContext,
  type: ResourceType,
  namespace: string,
  name: string,
): void {
  const ns = ctx.store.get("/namespaces", "", namespace);
  if (ns === undefined) throw notFound(NAMESPACES, namespace);
  if (ns.metadata.deletionTimestamp !== undefined) {
    throw forbidden(
      type,
      name,
      `unable to create new content in namespace ${namespace} because it is being terminated`,
    );
  }
}

/** Decodes and admits a create without storing it. */
export function admitCreate(
  ctx: ApiContext,
  type: ResourceType,
  request: { namespace: string | undefined; body: unknown; options: WriteOptions },
): KubeObject {
  const object = toStorageVersion(type, decodeBody(type, request.body, request.options));
  const namespace = resolveNamespace(type, request.namespace, object);
  initMetadata(ctx, type, object);
  const name = object.metadata.name ?? "";
  if (namespace !== undefined) requireActiveNamespace(ctx, type, namespace, name);
  if (type.hasStatus && type.custom) delete object["status"];
  ctx.strategies.get(type.storageKey)?.prepareCreate?.(object, ctx, request.options);
  validateObject(ctx, type, object);
  if (name !== "" && ctx.store.get(type.storageKey, namespace ?? "", name) !== undefined) {
    throw alreadyExists(type, name);
  }
  recordManagedFields(ctx, type, object, {
    manager: request.options.fieldManager,
  });
  return object;
}

/** Creates an object of `type` from `body`; returns it as stored (as served at `type`'s version). */
export function createObject(
  ctx: ApiContext,
  type: ResourceType,
  request: { namespace: string | undefined; body: unknown; options: WriteOptions },
): KubeObject {
  const object = admitCreate(ctx, type, request);
  if (request.options.dryRun === true) return toServedVersion(type, object);
  const stored = ctx.store.write(type.storageKey, toStorageVersion(type, object), "ADDED");
  ctx.strategies.get(type.storageKey)?.afterCreate?.(stored, ctx);
  return toServedVersion(type, stored);
}
