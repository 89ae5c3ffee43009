// Adoption as the controllers' ControllerRefManager does it: an object without a controlling
// owner (say a pod or ReplicaSet brought back by a restore, which strips ownerReferences) whose
// labels match a workload's selector gets that workload's controller reference, so the workload
// counts it instead of creating a second one.
import type { KubeObject, ResourceRef } from "../cluster-api.js";
import type { ControllerContext } from "./controller-loop.js";
import type { LabelSelector } from "./kube-types.js";
import { matchesLabelSelector } from "./label-selector.js";
import type { ObjectCache } from "./object-cache.js";
import { controllerRef, controllerUid, writeObject } from "./object-writes.js";
import { objectKey } from "./resources.js";

/** A workload that adopts: its selector decides what it may claim. */
export interface AdoptingOwner extends KubeObject {
  readonly spec: { readonly selector: LabelSelector };
}

/** True for an object no controller owns that `owner`'s selector matches. */
export function isAdoptable(owner: AdoptingOwner, object: KubeObject): boolean {
  if (object.metadata.deletionTimestamp !== undefined) return false;
  if (controllerUid(object) !== undefined) return false;
  const selector = owner.spec.selector;
  const empty =
    Object.keys(selector.matchLabels ?? {}).length === 0 &&
    (selector.matchExpressions ?? []).length === 0;
  return !empty && matchesLabelSelector(selector, object.metadata.labels);
}

/** What {@link adoptOrphans} adopts into whom. */
export interface Adoption<T extends KubeObject> {
  readonly ref: ResourceRef;
  readonly cache: ObjectCache<T>;
  readonly owner: AdoptingOwner;
  /** A further condition (a StatefulSet takes only pods named as its members). */
  readonly accepts?: (object: T) => boolean;
}

/**
 * Gives every adoptable object of the owner's namespace in the cache that `accepts` allows the
 * owner's controller reference (an update of `ref`), records the stored objects in the cache,
 * and returns how many were adopted. An owner being deleted adopts nothing.
 */
export function adoptOrphans<T extends KubeObject>(
  context: ControllerContext,
  { ref, cache, owner, accepts = () => true }: Adoption<T>,
): number {
  if (owner.metadata.deletionTimestamp !== undefined) return 0;
  let adopted = 0;
  for (const orphan of cache.list(owner.metadata.namespace ?? "")) {
    if (!isAdoptable(owner, orphan) || !accepts(orphan)) continue;
    const target = { namespace: orphan.metadata.namespace, name: orphan.metadata.name ?? "" };
    const stored = writeObject<T>(context.api, ref, target, (object) => {
      if (!isAdoptable(owner, object)) return;
      object.metadata.ownerReferences = [
        ...(object.metadata.ownerReferences ?? []),
        controllerRef(owner),
      ];
    });
    if (stored === undefined || controllerUid(stored) !== owner.metadata.uid) continue;
    cache.record(stored);
    adopted++;
  }
  return adopted;
}

/** The `namespace/name` keys of the owners in `owners` that may adopt `orphan`. */
export function adoptersOf(owners: readonly AdoptingOwner[], orphan: KubeObject): string[] {
  if (controllerUid(orphan) !== undefined) return [];
  return owners
    .filter((owner) => isAdoptable(owner, orphan))
    .map((owner) => objectKey(owner.metadata.namespace, owner.metadata.name ?? ""));
}
