// Server-owned metadata: uid, timestamps, generation, generateName, and what an update may not
// change.
import { randomBytes, randomUUID } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import type { KubeObject } from "../cluster-api.js";
import type { ResourceType } from "../registry/resource-type.js";
import { timestamp } from "./api-context.js";
import type { ApiContext } from "./api-context.js";

const GENERATION_GROUPS = new Set([
  "apps",
  "batch",
  "policy",
  "autoscaling",
  "apiextensions.k8s.io",
]);
const GENERATION_RESOURCES = new Set([
  "networking.k8s.io/ingresses",
  "networking.k8s.io/networkpolicies",
  "networking.k8s.io/ingressclasses",
  "/replicationcontrollers",
]);

/** True when the kind keeps `metadata.generation` (bumped on spec changes). */
export function tracksGeneration(type: ResourceType): boolean {
  return (
    type.custom || GENERATION_GROUPS.has(type.group) || GENERATION_RESOURCES.has(type.storageKey)
  );
}

const ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";

/** Five random characters from the alphabet Kubernetes uses for generated names. */
export function randomSuffix(length = 5): string {
  const bytes = randomBytes(length);
  let out = "";
  for (const byte of bytes) out += ALPHANUMS[byte % ALPHANUMS.length] ?? "x";
  return out;
}

/** Sets name (from generateName), uid, creationTimestamp and generation on a new object. */
export function initMetadata(ctx: ApiContext, type: ResourceType, object: KubeObject): void {
  const meta = object.metadata;
  if (
    (meta.name === undefined || meta.name === "") &&
    typeof meta.generateName === "string" &&
    meta.generateName !== ""
  ) {
    meta.name = `${meta.generateName}${randomSuffix()}`;
  }
  meta.uid = randomUUID();
  meta.creationTimestamp = timestamp(ctx.clock);
  delete meta.resourceVersion;
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  delete meta["selfLink"];
  if (tracksGeneration(type)) meta.generation = 1;
  else delete meta.generation;
}

/** Copies what clients may not change from the stored object into an update. */
export function preserveMetadata(object: KubeObject, old: KubeObject): void {
  const meta = object.metadata;
  const before = old.metadata;
  const writable = meta as Record<string, unknown>;
  for (const key of [
    "uid",
    "creationTimestamp",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
    "generation",
  ]) {
    if (before[key] === undefined) Reflect.deleteProperty(writable, key);
    else writable[key] = before[key];
  }
  if (meta["managedFields"] === undefined && before["managedFields"] !== undefined) {
    meta["managedFields"] = before["managedFields"];
  }
  delete meta["selfLink"];
}

/** True when anything besides metadata and status differs. */
export function specChanged(object: KubeObject, old: KubeObject): boolean {
  const keys = new Set([...Object.keys(object), ...Object.keys(old)]);
  for (const key of keys) {
    if (key === "metadata" || key === "status" || key === "apiVersion" || key === "kind") continue;
    if (!isDeepStrictEqual(object[key], old[key])) return true;
  }
  return false;
}

/**
 * True when the update would store exactly what is stored (resourceVersion aside). A change of
 * `metadata.managedFields` alone is a change: the API server stores it and bumps the
 * resourceVersion (Velero's restore puts the backed-up managedFields back that way).
 */
export function unchanged(object: KubeObject, old: KubeObject): boolean {
  const { resourceVersion: _a, ...meta } = object.metadata;
  const { resourceVersion: _c, ...oldMeta } = old.metadata;
  return (
    isDeepStrictEqual(meta, oldMeta) &&
    isDeepStrictEqual({ ...object, metadata: null }, { ...old, metadata: null })
  );
}
