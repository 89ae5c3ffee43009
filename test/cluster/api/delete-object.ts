// The delete verb: preconditions, graceful pod termination, finalizers and deletionTimestamp,
// propagation policies (orphan and foreground finalizers), namespace termination, and the final
// removal that hands dependents to the garbage collector.
import type { KubeObject } from "../cluster-api.js";
import type { ResourceType } from "../registry/resource-type.js";
import { timestamp } from "./api-context.js";
import type { ApiContext } from "./api-context.js";
import { conflict, forbidden, notFound } from "./api-errors.js";
import { tracksGeneration } from "./object-meta.js";
import { toServedVersion } from "./versioning.js";

/** `DeleteOptions` as the API accepts them (query parameters or body). */
export interface DeleteRequestOptions {
  readonly propagationPolicy?: "Orphan" | "Background" | "Foreground" | undefined;
  readonly gracePeriodSeconds?: number | undefined;
  readonly dryRun?: boolean | undefined;
  readonly preconditions?: { readonly uid?: string; readonly resourceVersion?: string } | undefined;
}

/** What a delete did: `removed` when the object is gone, else it now carries deletionTimestamp. */
export interface DeleteResult {
  readonly object: KubeObject;
  readonly removed: boolean;
}

const PROTECTED_NAMESPACES = new Set(["default", "kube-system", "kube-public"]);

function checkPreconditions(
  type: ResourceType,
  object: KubeObject,
  options: DeleteRequestOptions,
): void {
  const pre = options.preconditions;
  const meta = object.metadata;
  const name = meta.name ?? "";
  if (pre?.uid !== undefined && pre.uid !== meta.uid) {
    throw conflict(
      type,
      name,
      `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${meta.uid ?? ""}`,
    );
  }
  if (pre?.resourceVersion !== undefined && pre.resourceVersion !== meta.resourceVersion) {
    throw conflict(
      type,
      name,
      `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${meta.resourceVersion ?? ""}`,
    );
  }
}

/** Removes `object` from storage now and lets the garbage collector look at its dependents. */
export function finishDeletion(
  ctx: ApiContext,
  type: ResourceType,
  object: KubeObject,
): KubeObject | undefined {
  const meta = object.metadata;
  const removed = ctx.store.remove(type.storageKey, meta.namespace ?? "", meta.name ?? "");
  if (removed === undefined) return undefined;
  ctx.strategies.get(type.storageKey)?.afterDelete?.(removed, ctx);
  ctx.workers.ownerRemoved(type, removed);
  return removed;
}

function propagationFinalizer(options: DeleteRequestOptions): string | undefined {
  if (options.propagationPolicy === "Orphan") return "orphan";
  if (options.propagationPolicy === "Foreground") return "foregroundDeletion";
  return undefined;
}

function isTerminalPod(object: KubeObject): boolean {
  const phase = (object["status"] as { phase?: string } | undefined)?.phase;
  return phase === "Succeeded" || phase === "Failed";
}

function podGracePeriod(
  ctx: ApiContext,
  type: ResourceType,
  object: KubeObject,
  options: DeleteRequestOptions,
): number {
  if (type.storageKey !== "/pods" || !ctx.gracefulPodDeletion()) return 0;
  const spec = object["spec"] as
    { nodeName?: string; terminationGracePeriodSeconds?: number } | undefined;
  if ((spec?.nodeName ?? "") === "" || isTerminalPod(object)) return 0;
  return Math.max(0, options.gracePeriodSeconds ?? spec?.terminationGracePeriodSeconds ?? 30);
}

function markDeleting(
  ctx: ApiContext,
  type: ResourceType,
  object: KubeObject,
  graceSeconds: number,
): KubeObject {
  const meta = { ...object.metadata };
  meta.deletionTimestamp = timestamp(ctx.clock, graceSeconds);
  meta.deletionGracePeriodSeconds = graceSeconds;
  if (tracksGeneration(type)) meta.generation = (meta.generation ?? 0) + 1;
  return { ...object, metadata: meta };
}

function deleteNamespace(
  ctx: ApiContext,
  type: ResourceType,
  existing: KubeObject,
  options: DeleteRequestOptions,
): DeleteResult {
  const name = existing.metadata.name ?? "";
  if (PROTECTED_NAMESPACES.has(name))
    throw forbidden(type, name, "this namespace may not be deleted");
  if (existing.metadata.deletionTimestamp !== undefined || options.dryRun === true) {
    return { object: existing, removed: false };
  }
  const marked = markDeleting(ctx, type, existing, 0);
  marked["status"] = { ...(existing["status"] as object | undefined), phase: "Terminating" };
  const stored = ctx.store.write(type.storageKey, marked, "MODIFIED");
  ctx.workers.namespaceDeleting(name);
  return { object: stored, removed: false };
}

function redelete(
  ctx: ApiContext,
  type: ResourceType,
  existing: KubeObject,
  options: DeleteRequestOptions,
): DeleteResult {
  const shorter =
    options.gracePeriodSeconds !== undefined &&
    options.gracePeriodSeconds < (existing.metadata.deletionGracePeriodSeconds ?? 0);
  if (!shorter || options.dryRun === true) return { object: existing, removed: false };
  const marked = markDeleting(ctx, type, existing, options.gracePeriodSeconds ?? 0);
  marked.metadata.generation = existing.metadata.generation;
  if (options.gracePeriodSeconds === 0 && (marked.metadata.finalizers ?? []).length === 0) {
    return { object: finishDeletion(ctx, type, marked) ?? marked, removed: true };
  }
  return { object: ctx.store.write(type.storageKey, marked, "MODIFIED"), removed: false };
}

function removeNow(
  ctx: ApiContext,
  type: ResourceType,
  existing: KubeObject,
  dryRun: boolean,
): DeleteResult {
  const removed = dryRun ? existing : (finishDeletion(ctx, type, existing) ?? existing);
  return { object: toServedVersion(type, removed), removed: true };
}

function finalizersAfter(existing: KubeObject, extra: string | undefined): string[] {
  const finalizers = [...(existing.metadata.finalizers ?? [])];
  if (extra !== undefined && !finalizers.includes(extra)) finalizers.push(extra);
  return finalizers;
}

/** Deletes `namespace`/`name` of `type` as the API's DELETE does. */
export function deleteObject(
  ctx: ApiContext,
  type: ResourceType,
  request: { namespace: string | undefined; name: string; options: DeleteRequestOptions },
): DeleteResult {
  const existing = ctx.store.get(type.storageKey, request.namespace ?? "", request.name);
  if (existing === undefined) throw notFound(type, request.name);
  const options = request.options;
  checkPreconditions(type, existing, options);
  if (type.storageKey === "/namespaces") return deleteNamespace(ctx, type, existing, options);
  if (existing.metadata.deletionTimestamp !== undefined)
    return redelete(ctx, type, existing, options);
  return startDeletion(ctx, type, existing, options);
}

function startDeletion(
  ctx: ApiContext,
  type: ResourceType,
  existing: KubeObject,
  options: DeleteRequestOptions,
): DeleteResult {
  const dryRun = options.dryRun === true;
  const grace = podGracePeriod(ctx, type, existing, options);
  const extra = propagationFinalizer(options);
  const finalizers = finalizersAfter(existing, extra);
  if (grace === 0 && finalizers.length === 0) return removeNow(ctx, type, existing, dryRun);
  const marked = markDeleting(ctx, type, existing, grace);
  if (finalizers.length > 0) marked.metadata.finalizers = finalizers;
  if (dryRun) return { object: toServedVersion(type, marked), removed: false };
  const stored = ctx.store.write(type.storageKey, marked, "MODIFIED");
  if (extra !== undefined) ctx.workers.ownerDeleting(type, stored);
  ctx.strategies.get(type.storageKey)?.onDeleting?.(stored, ctx);
  return { object: toServedVersion(type, stored), removed: false };
}
