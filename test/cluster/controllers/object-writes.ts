// Writes the controllers make through ClusterApi: status updates that read the current object
// first and skip no-op writes, and creates/deletes that tolerate the races a real controller
// tolerates (AlreadyExists, NotFound).
import { ApiError, type ClusterApi, type KubeObject, type ResourceRef } from "../cluster-api.js";

/** The object as JSON would carry it: properties set to `undefined` dropped. */
export function asJson<T extends KubeObject>(object: T): T {
  return JSON.parse(JSON.stringify(object)) as T;
}

/** True when `error` is an {@link ApiError} with HTTP status `code`. */
export function isApiError(error: unknown, code: number): boolean {
  return error instanceof ApiError && error.code === code;
}

/**
 * Reads the current object, lets `mutate` change a copy of its status (or return a new one),
 * and writes the status subresource when it changed. Returns the object as stored afterwards,
 * or undefined when it no longer exists. Synchronous, so no other write can interleave.
 */
export function writeStatus<T extends KubeObject>(
  api: ClusterApi,
  ref: ResourceRef,
  target: { readonly namespace?: string | undefined; readonly name: string },
  mutate: (object: T) => unknown,
): T | undefined {
  const current = api.get(ref, target.namespace, target.name) as T | undefined;
  if (current === undefined) return undefined;
  const copy = structuredClone(current);
  const status: unknown = mutate(copy);
  if (status !== undefined) (copy as KubeObject)["status"] = status;
  if (JSON.stringify(copy["status"]) === JSON.stringify(current["status"])) return current;
  return api.update(ref, asJson(copy), { subresource: "status" }) as T;
}

/**
 * Reads the current object, lets `mutate` change a copy, and updates it when anything changed.
 * Returns the stored object, or undefined when it no longer exists.
 */
export function writeObject<T extends KubeObject>(
  api: ClusterApi,
  ref: ResourceRef,
  target: { readonly namespace?: string | undefined; readonly name: string },
  mutate: (object: T) => void,
): T | undefined {
  const current = api.get(ref, target.namespace, target.name) as T | undefined;
  if (current === undefined) return undefined;
  const copy = structuredClone(current);
  mutate(copy);
  if (JSON.stringify(copy) === JSON.stringify(current)) return current;
  return api.update(ref, asJson(copy)) as T;
}

/** Deletes an object, treating "already gone" as success. */
export function deleteIfExists(
  api: ClusterApi,
  ref: ResourceRef,
  target: { readonly namespace?: string | undefined; readonly name: string },
  options: {
    gracePeriodSeconds?: number;
    propagationPolicy?: "Background" | "Orphan" | "Foreground";
  } = {},
): void {
  try {
    api.delete(ref, target.namespace, target.name, options);
  } catch (error) {
    if (!isApiError(error, 404)) throw error;
  }
}

/** The controller ownerReference pointing at `owner`. */
export function controllerRef(owner: KubeObject): {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller: true;
  blockOwnerDeletion: true;
} {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name ?? "",
    uid: owner.metadata.uid ?? "",
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** The uid of the object's controlling owner, if any. */
export function controllerUid(object: KubeObject): string | undefined {
  return object.metadata.ownerReferences?.find((o) => o.controller === true)?.uid;
}
