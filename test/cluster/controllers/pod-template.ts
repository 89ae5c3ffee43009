// Pods as workload controllers make them: from a pod template with the controller's owner
// reference, the template hash labels, and the predicates controllers count pods with.
import type { KubeObject, ObjectMeta } from "../cluster-api.js";
import { isConditionTrue } from "./conditions.js";
import type { Pod, PodTemplate } from "./kube-types.js";
import type { ObjectCache } from "./object-cache.js";
import { controllerRef, controllerUid } from "./object-writes.js";

/** JSON with object keys sorted, so equal values always serialise the same. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(",")}}`;
  }
  return value === undefined ? "null" : JSON.stringify(value);
}

const safeAlphabet = "bcdfghjklmnpqrstvwxz2456789";

/**
 * A template hash in the style of the controllers' `pod-template-hash`: FNV-1a (32 bit) of
 * the template, its decimal digits mapped onto the consonant-and-digit alphabet.
 */
export function templateHash(template: unknown, collisionCount = 0): string {
  let hash = 0x811c9dc5;
  const text = stableStringify(template) + (collisionCount > 0 ? String(collisionCount) : "");
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return String(hash).replace(
    /\d/g,
    (c) => safeAlphabet[c.charCodeAt(0) % safeAlphabet.length] ?? "b",
  );
}

/** Options of {@link podFromTemplate}. */
export interface PodFromTemplateOptions {
  readonly owner: KubeObject;
  readonly name?: string;
  readonly generateName?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** A new pod of `template`, controlled by `owner`, in the owner's namespace. */
export function podFromTemplate(template: PodTemplate, options: PodFromTemplateOptions): Pod {
  const source = template.metadata ?? {};
  const metadata: ObjectMeta = {
    namespace: options.owner.metadata.namespace ?? "default",
    labels: { ...source.labels, ...options.labels },
    annotations: { ...source.annotations, ...options.annotations },
    ownerReferences: [controllerRef(options.owner)],
  };
  if (options.name !== undefined) metadata.name = options.name;
  else metadata.generateName = options.generateName ?? `${options.owner.metadata.name ?? ""}-`;
  if (source.finalizers !== undefined) metadata.finalizers = [...source.finalizers];
  return { apiVersion: "v1", kind: "Pod", metadata, spec: structuredClone(template.spec) };
}

/** True for a pod that counts toward its controller's replicas: not terminating, not finished. */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return (
    pod.metadata.deletionTimestamp === undefined && phase !== "Succeeded" && phase !== "Failed"
  );
}

/** True when the pod's Ready condition is True. */
export function isPodReady(pod: Pod): boolean {
  return isConditionTrue(pod.status?.conditions, "Ready");
}

/**
 * True when the pod has been ready for at least `minReadySeconds` at `now` (what workload
 * controllers call available).
 */
export function isPodAvailable(pod: Pod, minReadySeconds: number, now: Date): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds <= 0) return true;
  const since = pod.status?.conditions?.find((c) => c.type === "Ready")?.lastTransitionTime;
  return since !== undefined && Date.parse(since) + minReadySeconds * 1000 <= now.getTime();
}

/** The pods of `owner`'s namespace that `owner` controls. */
export function ownedPods(pods: ObjectCache<Pod>, owner: KubeObject): Pod[] {
  const uid = owner.metadata.uid;
  return pods.list(owner.metadata.namespace ?? "").filter((p) => controllerUid(p) === uid);
}

/** The `namespace/name` key of the object's controlling owner of `kind`, if any. */
export function ownerKey(object: KubeObject, kind: string): string | undefined {
  const ref = object.metadata.ownerReferences?.find(
    (o) => o.controller === true && o.kind === kind,
  );
  if (ref === undefined) return undefined;
  const namespace = object.metadata.namespace ?? "";
  return namespace === "" ? ref.name : `${namespace}/${ref.name}`;
}
