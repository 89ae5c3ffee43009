// Garbage collection by ownerReferences: dependents of a removed owner are deleted (or lose the
// dangling reference when another owner remains); foreground deletion waits for dependents;
// orphan deletion strips the references before the owner goes.
import type { KubeObject, OwnerReference } from "../cluster-api.js";
import type { ApiContext } from "../api/api-context.js";
import { deleteObject } from "../api/delete-object.js";
import { updateObject } from "../api/update-object.js";
import type { ResourceType } from "../registry/resource-type.js";
import type { ObjectAddress, OwnerIndex } from "./owner-index.js";

const RECHECK_MS = 50;

/** Collects dependents of removed owners and completes foreground and orphan deletions. */
export class GarbageCollector {
  private readonly index: OwnerIndex;
  private ctx: ApiContext | undefined;
  private stopped = false;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(index: OwnerIndex) {
    this.index = index;
  }

  /** Connects the collector to the API it acts through. */
  attach(ctx: ApiContext): void {
    this.ctx = ctx;
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
  }

  /** An owner is gone: delete its dependents unless another owner of theirs remains. */
  ownerRemoved(object: KubeObject): void {
    const uid = object.metadata.uid;
    if (uid !== undefined)
      this.later(0, () => {
        this.collect(uid);
      });
  }

  /** An owner got the `foregroundDeletion` or `orphan` finalizer. */
  ownerDeleting(type: ResourceType, object: KubeObject): void {
    const finalizers = object.metadata.finalizers ?? [];
    if (finalizers.includes("orphan"))
      this.later(0, () => {
        this.orphan(type, object);
      });
    else if (finalizers.includes("foregroundDeletion"))
      this.later(0, () => {
        this.foreground(type, object);
      });
  }

  private later(ms: number, work: () => void): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.stopped || this.ctx === undefined) return;
      try {
        work();
      } catch (error) {
        this.ctx.log.warn("garbage collection step failed", { error });
      }
    }, ms);
    this.timers.add(timer);
  }

  private dependents(uid: string): { type: ResourceType; object: KubeObject }[] {
    const ctx = this.ctx;
    if (ctx === undefined) return [];
    return this.index
      .dependentsOf(uid)
      .map((address: ObjectAddress) => ({
        type: ctx.registry.storageType(address.storageKey),
        object: ctx.store.get(address.storageKey, address.namespace, address.name),
      }))
      .filter(
        (d): d is { type: ResourceType; object: KubeObject } =>
          d.type !== undefined && d.object !== undefined,
      );
  }

  private ownerExists(ref: OwnerReference, namespace: string): boolean {
    const ctx = this.ctx;
    const type = ctx?.registry.byKind(ref.apiVersion, ref.kind);
    if (ctx === undefined || type === undefined) return false;
    const owner = ctx.store.get(type.storageKey, type.namespaced ? namespace : "", ref.name);
    return owner?.metadata.uid === ref.uid;
  }

  private collect(uid: string): void {
    for (const { type, object } of this.dependents(uid)) this.reconcile(type, object, uid);
  }

  /** Collects `object` when no owner of it exists, or drops its references to missing owners. */
  private reconcile(type: ResourceType, object: KubeObject, goneUid?: string): void {
    const refs = object.metadata.ownerReferences ?? [];
    const namespace = object.metadata.namespace ?? "";
    const solid = refs.filter((ref) => ref.uid !== goneUid && this.ownerExists(ref, namespace));
    if (solid.length === refs.length) return;
    if (solid.length > 0) this.dropReferences(type, object, (ref) => !solid.includes(ref));
    else if (object.metadata.deletionTimestamp === undefined)
      this.remove(type, object, "Background");
  }

  /** Checks every object with ownerReferences once (after a restart, owners may have gone). */
  sweep(): void {
    this.later(0, () => {
      const ctx = this.ctx;
      if (ctx === undefined) return;
      for (const key of ctx.store.keys()) {
        const type = ctx.registry.storageType(key);
        if (type === undefined) continue;
        for (const object of ctx.store.list(key))
          if (object.metadata.ownerReferences !== undefined) this.reconcile(type, object);
      }
    });
  }

  private remove(
    type: ResourceType,
    object: KubeObject,
    policy: "Background" | "Foreground",
  ): void {
    if (this.ctx === undefined) return;
    deleteObject(this.ctx, type, {
      namespace: object.metadata.namespace,
      name: object.metadata.name ?? "",
      options: { propagationPolicy: policy, preconditions: { uid: object.metadata.uid ?? "" } },
    });
  }

  private dropReferences(
    type: ResourceType,
    object: KubeObject,
    drop: (ref: OwnerReference) => boolean,
  ): void {
    if (this.ctx === undefined) return;
    const kept = (object.metadata.ownerReferences ?? []).filter((ref) => !drop(ref));
    const metadata = { ...object.metadata, ownerReferences: kept };
    if (kept.length === 0) delete (metadata as { ownerReferences?: unknown }).ownerReferences;
    updateObject(this.ctx, type, {
      namespace: object.metadata.namespace,
      name: object.metadata.name ?? "",
      body: { ...object, metadata },
      decoded: true,
      options: {},
    });
  }

  private removeFinalizer(type: ResourceType, owner: KubeObject, finalizer: string): void {
    const ctx = this.ctx;
    const current = ctx?.store.get(
      type.storageKey,
      owner.metadata.namespace ?? "",
      owner.metadata.name ?? "",
    );
    if (ctx === undefined || current === undefined || current.metadata.uid !== owner.metadata.uid)
      return;
    const finalizers = (current.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    updateObject(ctx, type, {
      namespace: current.metadata.namespace,
      name: current.metadata.name ?? "",
      body: { ...current, metadata: { ...current.metadata, finalizers } },
      decoded: true,
      options: {},
    });
  }

  private orphan(type: ResourceType, owner: KubeObject): void {
    const uid = owner.metadata.uid ?? "";
    for (const dependent of this.dependents(uid))
      this.dropReferences(dependent.type, dependent.object, (ref) => ref.uid === uid);
    this.removeFinalizer(type, owner, "orphan");
  }

  private foreground(type: ResourceType, owner: KubeObject): void {
    const uid = owner.metadata.uid ?? "";
    const dependents = this.dependents(uid);
    for (const dependent of dependents) {
      if (dependent.object.metadata.deletionTimestamp === undefined)
        this.remove(dependent.type, dependent.object, "Foreground");
    }
    const blocking = this.dependents(uid).filter(({ object }) =>
      (object.metadata.ownerReferences ?? []).some(
        (ref) => ref.uid === uid && ref.blockOwnerDeletion === true,
      ),
    );
    if (blocking.length > 0)
      this.later(RECHECK_MS, () => {
        this.foreground(type, owner);
      });
    else this.removeFinalizer(type, owner, "foregroundDeletion");
  }
}
