// Namespace termination: deletes everything in a terminating namespace, reports progress in
// the namespace's conditions, and removes the namespace once it is empty and finalized.
import type { KubeObject } from "../cluster-api.js";
import { timestamp } from "../api/api-context.js";
import type { ApiContext } from "../api/api-context.js";
import { deleteObject, finishDeletion } from "../api/delete-object.js";
import { isStorageType } from "../registry/resource-type.js";
import type { ResourceType } from "../registry/resource-type.js";

const NAMESPACES = "/namespaces";
const RECHECK_MS = [20, 50, 100, 200, 500, 1000];

function condition(
  ctx: ApiContext,
  type: string,
  status: "True" | "False",
  text: readonly [reason: string, message: string],
): Record<string, unknown> {
  const [reason, message] = text;
  return { type, status, lastTransitionTime: timestamp(ctx.clock), reason, message };
}

function conditions(
  ctx: ApiContext,
  remaining: ReadonlyMap<string, number>,
): Record<string, unknown>[] {
  const left = [...remaining.entries()];
  const text = left
    .map(([resource, count]) => `${resource} has ${count} resource instances`)
    .join(", ");
  const content: [string, string] =
    left.length === 0
      ? ["ContentRemoved", "All content successfully removed"]
      : ["SomeResourcesRemain", `Some resources are remaining: ${text}`];
  return [
    condition(ctx, "NamespaceDeletionDiscoveryFailure", "False", [
      "ResourcesDiscovered",
      "All resources successfully discovered",
    ]),
    condition(ctx, "NamespaceDeletionGroupVersionParsingFailure", "False", [
      "ParsedGroupVersions",
      "All legacy kube types successfully parsed",
    ]),
    condition(ctx, "NamespaceDeletionContentFailure", "False", [
      "ContentDeleted",
      "All content successfully deleted, may be waiting on finalization",
    ]),
    condition(ctx, "NamespaceContentRemaining", left.length === 0 ? "False" : "True", content),
    condition(ctx, "NamespaceFinalizersRemaining", "False", [
      "ContentHasNoFinalizers",
      "All content-preserving finalizers finished",
    ]),
  ];
}

function specFinalizers(ns: KubeObject): string[] {
  return ((ns["spec"] ?? {}) as { finalizers?: string[] }).finalizers ?? [];
}

/** Empties terminating namespaces and finalizes them. */
export class NamespaceFinalizer {
  private ctx: ApiContext | undefined;
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private stopped = false;

  attach(ctx: ApiContext): void {
    this.ctx = ctx;
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }

  /** Starts (or continues) terminating namespace `name`. */
  terminate(name: string, attempt = 0): void {
    if (this.stopped || this.pending.has(name)) return;
    const delay =
      attempt === 0 ? 0 : (RECHECK_MS[Math.min(attempt - 1, RECHECK_MS.length - 1)] ?? 1000);
    const timer = setTimeout(() => {
      this.pending.delete(name);
      if (this.stopped || this.ctx === undefined) return;
      try {
        if (!this.step(this.ctx, name)) this.terminate(name, attempt + 1);
      } catch (error) {
        this.ctx.log.warn("namespace termination step failed", { error, namespace: name });
        this.terminate(name, attempt + 1);
      }
    }, delay);
    this.pending.set(name, timer);
  }

  /** One pass; true when the namespace is gone. */
  private step(ctx: ApiContext, name: string): boolean {
    const ns = ctx.store.get(NAMESPACES, "", name);
    if (ns === undefined) return true;
    const remaining = this.deleteContent(ctx, name);
    this.writeConditions(ctx, ns, remaining);
    if (remaining.size > 0) return false;
    return this.finalize(ctx, name);
  }

  private namespacedTypes(ctx: ApiContext): ResourceType[] {
    return ctx.registry.all().filter((t) => t.namespaced && isStorageType(t));
  }

  private deleteContent(ctx: ApiContext, namespace: string): Map<string, number> {
    const remaining = new Map<string, number>();
    for (const type of this.namespacedTypes(ctx)) {
      for (const object of ctx.store.list(type.storageKey, namespace)) {
        if (object.metadata.deletionTimestamp !== undefined) continue;
        deleteObject(ctx, type, {
          namespace,
          name: object.metadata.name ?? "",
          options: { propagationPolicy: "Background" },
        });
      }
      const left = ctx.store.count(type.storageKey, namespace);
      if (left > 0)
        remaining.set(type.group === "" ? type.resource : `${type.resource}.${type.group}`, left);
    }
    return remaining;
  }

  private writeConditions(
    ctx: ApiContext,
    ns: KubeObject,
    remaining: ReadonlyMap<string, number>,
  ): void {
    const status = (ns["status"] ?? {}) as {
      conditions?: { type: string; status: string; message?: string }[];
    };
    const next = conditions(ctx, remaining);
    const same = next.every((c) =>
      status.conditions?.some(
        (o) => o.type === c["type"] && o.status === c["status"] && o.message === c["message"],
      ),
    );
    if (same) return;
    ctx.store.write(
      NAMESPACES,
      {
        ...ns,
        metadata: { ...ns.metadata },
        status: { ...status, phase: "Terminating", conditions: next },
      },
      "MODIFIED",
    );
  }

  private finalize(ctx: ApiContext, name: string): boolean {
    const ns = ctx.store.get(NAMESPACES, "", name);
    const type = ctx.registry.storageType(NAMESPACES);
    if (ns === undefined || type === undefined) return true;
    let current = ns;
    if (specFinalizers(ns).includes("kubernetes")) {
      const spec = {
        ...(ns["spec"] as object),
        finalizers: specFinalizers(ns).filter((f) => f !== "kubernetes"),
      };
      current = ctx.store.write(
        NAMESPACES,
        { ...ns, metadata: { ...ns.metadata }, spec },
        "MODIFIED",
      );
    }
    if ((current.metadata.finalizers ?? []).length > 0 || specFinalizers(current).length > 0)
      return false;
    finishDeletion(ctx, type, current);
    return true;
  }
}
