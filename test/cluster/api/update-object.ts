// The update verb (PUT) for objects and their status subresource: optimistic concurrency,
// immutable metadata, status/spec separation, generation bumps, no-op detection, and removal
// of a deleting object whose last finalizer went away.
import type { KubeObject } from "../cluster-api.js";
import type { ResourceType } from "../registry/resource-type.js";
import type { ApiContext, WriteOptions } from "./api-context.js";
import { badRequest, conflict, notFound } from "./api-errors.js";
import { createObject } from "./create-object.js";
import { decodeBody } from "./decode-body.js";
import { finishDeletion } from "./delete-object.js";
import { recordManagedFields } from "./managed-fields.js";
import { preserveMetadata, specChanged, tracksGeneration, unchanged } from "./object-meta.js";
import { validateObject } from "./validate-object.js";
import { toServedVersion, toStorageVersion } from "./versioning.js";

/** An update request: the decoded-or-raw body for the object `namespace`/`name`. */
export interface UpdateRequest {
  readonly namespace: string | undefined;
  readonly name: string;
  readonly body: unknown;
  readonly options: WriteOptions;
  /** True when `body` was already decoded (patches decode their result themselves). */
  readonly decoded?: boolean;
}

const CREATE_ON_UPDATE = new Set([
  "/endpoints",
  "/events",
  "events.k8s.io/events",
  "coordination.k8s.io/leases",
]);

function allowsCreateOnUpdate(type: ResourceType): boolean {
  return CREATE_ON_UPDATE.has(type.storageKey);
}

function checkIdentity(type: ResourceType, object: KubeObject, request: UpdateRequest): void {
  const meta = object.metadata;
  if (meta.name !== undefined && meta.name !== request.name) {
    throw badRequest(
      `the name of the object (${meta.name}) does not match the name on the URL (${request.name})`,
    );
  }
  meta.name = request.name;
  if (!type.namespaced) delete meta.namespace;
  else if (
    meta.namespace !== undefined &&
    meta.namespace !== "" &&
    meta.namespace !== request.namespace
  ) {
    throw badRequest(
      "the namespace of the provided object does not match the namespace sent on the request",
    );
  } else meta.namespace = request.namespace ?? "";
}

/** Merges the stored object with the update per subresource rules. */
function mergeForSubresource(
  type: ResourceType,
  object: KubeObject,
  old: KubeObject,
  subresource: string | undefined,
): KubeObject {
  if (subresource === "status") {
    const merged: KubeObject = { ...old, metadata: { ...old.metadata } };
    if (object["status"] === undefined) delete merged["status"];
    else merged["status"] = object["status"];
    return merged;
  }
  if (type.hasStatus) {
    if (old["status"] === undefined) delete object["status"];
    else object["status"] = old["status"];
  }
  return object;
}

function shouldDeleteDuringUpdate(type: ResourceType, object: KubeObject): boolean {
  const meta = object.metadata;
  if (type.storageKey === "/namespaces" || meta.deletionTimestamp === undefined) return false;
  if ((meta.finalizers ?? []).length > 0 || meta.deletionGracePeriodSeconds !== 0) return false;
  return type.storageKey !== "/pods" || podMayGo(object);
}

function podMayGo(pod: KubeObject): boolean {
  const spec = pod["spec"] as { nodeName?: string } | undefined;
  const phase = (pod["status"] as { phase?: string } | undefined)?.phase;
  return (spec?.nodeName ?? "") === "" || phase === "Succeeded" || phase === "Failed";
}

function checkResourceVersion(type: ResourceType, object: KubeObject, old: KubeObject): void {
  const requested = object.metadata.resourceVersion;
  if (requested !== undefined && requested !== "" && requested !== old.metadata.resourceVersion) {
    throw conflict(type, old.metadata.name ?? "");
  }
}

/** An update ready for admission: the new object, the stored one, and the write options. */
export interface AdmittedUpdate {
  readonly object: KubeObject;
  readonly old: KubeObject;
  readonly options: WriteOptions;
  /** False when the caller maintains managedFields itself (server-side apply). */
  readonly recordFields?: boolean;
}

/** Runs the update pipeline on an already decoded object; returns the object to store. */
export function admitUpdate(
  ctx: ApiContext,
  type: ResourceType,
  update: AdmittedUpdate,
): KubeObject {
  const { old, options } = update;
  const object = toStorageVersion(type, update.object);
  checkResourceVersion(type, object, old);
  const merged = mergeForSubresource(type, object, old, options.subresource);
  preserveMetadata(merged, old);
  if (options.subresource === undefined)
    ctx.strategies.get(type.storageKey)?.prepareUpdate?.(merged, old, ctx);
  validateObject(ctx, type, merged, old);
  if (tracksGeneration(type) && specChanged(merged, old))
    merged.metadata.generation = (old.metadata.generation ?? 0) + 1;
  if (update.recordFields !== false) {
    recordManagedFields(ctx, type, merged, {
      manager: options.fieldManager,
      subresource: options.subresource,
      old,
    });
  }
  return merged;
}

/** Stores an admitted update (or nothing for dry runs and no-ops). */
export function storeUpdate(
  ctx: ApiContext,
  type: ResourceType,
  update: AdmittedUpdate,
): KubeObject {
  const { object: merged, old, options } = update;
  if (unchanged(merged, old)) return toServedVersion(type, old);
  if (options.dryRun === true) return toServedVersion(type, merged);
  if (shouldDeleteDuringUpdate(type, merged)) {
    finishDeletion(ctx, type, merged);
    return toServedVersion(type, merged);
  }
  const stored = ctx.store.write(type.storageKey, toStorageVersion(type, merged), "MODIFIED");
  ctx.strategies.get(type.storageKey)?.afterUpdate?.(stored, old, ctx);
  return toServedVersion(type, stored);
}

/** Replaces an object (or its status with `options.subresource: "status"`). */
export function updateObject(
  ctx: ApiContext,
  type: ResourceType,
  request: UpdateRequest,
): KubeObject {
  const object =
    request.decoded === true
      ? (request.body as KubeObject)
      : decodeBody(type, request.body, request.options);
  checkIdentity(type, object, request);
  const old = ctx.store.get(type.storageKey, request.namespace ?? "", request.name);
  if (old === undefined) {
    if (allowsCreateOnUpdate(type) && request.options.subresource === undefined) {
      return createObject(ctx, type, {
        namespace: request.namespace,
        body: object,
        options: { ...request.options, fieldValidation: "Ignore" },
      });
    }
    throw notFound(type, request.name);
  }
  const merged = admitUpdate(ctx, type, { object, old, options: request.options });
  return storeUpdate(ctx, type, { object: merged, old, options: request.options });
}
