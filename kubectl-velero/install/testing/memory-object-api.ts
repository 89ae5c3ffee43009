// An in-memory ObjectApi for tests: objects with resourceVersions, generations and lib/kube's
// error classes, JSON merge patch, equality label selectors, and a log of every write.
import {
  AlreadyExistsError,
  NotFoundError,
  resourcePath,
  type KubeObject,
  type ResourceType,
} from "../../../lib/kube/index.js";
import type { ObjectApi, ObjectRef } from "../object-api.js";

/** One write the fake received. */
export interface RecordedWrite {
  readonly verb: "create" | "patch" | "delete";
  readonly path: string;
}

/** Options of {@link MemoryObjectApi}. */
export interface MemoryObjectApiOptions {
  /** Called with each created object before it is stored (e.g. to mark CRDs Established). */
  readonly onCreate?: (object: KubeObject) => void;
}

function pathOf(type: ResourceType, name: string, namespace?: string): string {
  return resourcePath(type, { namespace: type.namespaced ? namespace : undefined, name });
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

/** RFC 7386 JSON merge patch. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== "object" || patch === null || Array.isArray(patch)) return clone(patch);
  const base = new Map<string, unknown>(
    typeof target === "object" && target !== null && !Array.isArray(target)
      ? Object.entries(target as Record<string, unknown>)
      : [],
  );
  for (const [key, value] of Object.entries(patch as Record<string, unknown>)) {
    if (value === null) base.delete(key);
    else base.set(key, applyMergePatch(base.get(key), value));
  }
  return Object.fromEntries(base);
}

function matchesSelector(object: KubeObject, selector: string | undefined): boolean {
  if (selector === undefined || selector === "") return true;
  const labels = object.metadata?.labels ?? {};
  return selector.split(",").every((term) => {
    const [key = "", value] = term.split("=");
    return labels[key] === value;
  });
}

/** The fake. `writes` lists every create, patch and delete in order. */
export class MemoryObjectApi implements ObjectApi {
  readonly writes: RecordedWrite[] = [];
  private readonly objects = new Map<string, { type: ResourceType; object: KubeObject }>();
  private revision = 0;
  private readonly onCreate: ((object: KubeObject) => void) | undefined;

  constructor(options: MemoryObjectApiOptions = {}) {
    this.onCreate = options.onCreate;
  }

  get(ref: ObjectRef): Promise<KubeObject | undefined> {
    const entry = this.objects.get(pathOf(ref.type, ref.name, ref.namespace));
    return Promise.resolve(entry === undefined ? undefined : clone(entry.object));
  }

  create(type: ResourceType, object: KubeObject): Promise<KubeObject> {
    const path = pathOf(type, object.metadata?.name ?? "", object.metadata?.namespace);
    if (this.objects.has(path)) {
      const details = { statusCode: 409, reason: "AlreadyExists", method: "POST", path };
      return Promise.reject(new AlreadyExistsError(details, `${path} already exists`));
    }
    const stored = clone(object);
    stored.metadata = {
      ...stored.metadata,
      uid: `uid-${this.revision + 1}`,
      resourceVersion: String(++this.revision),
      generation: 1,
    };
    this.onCreate?.(stored);
    this.objects.set(path, { type, object: stored });
    this.writes.push({ verb: "create", path });
    return Promise.resolve(clone(stored));
  }

  mergePatch(ref: ObjectRef, patch: unknown): Promise<KubeObject> {
    const path = pathOf(ref.type, ref.name, ref.namespace);
    const entry = this.objects.get(path);
    if (entry === undefined) return Promise.reject(this.notFound("PATCH", path));
    const next = applyMergePatch(entry.object, patch) as KubeObject;
    const specChanged = JSON.stringify(next["spec"]) !== JSON.stringify(entry.object["spec"]);
    next.metadata = {
      ...next.metadata,
      resourceVersion: String(++this.revision),
      generation: (entry.object.metadata?.generation ?? 1) + (specChanged ? 1 : 0),
    };
    this.writes.push({ verb: "patch", path });
    const finalized = (next.metadata.finalizers ?? []).length === 0;
    if (next.metadata.deletionTimestamp !== undefined && finalized) this.objects.delete(path);
    else this.objects.set(path, { type: ref.type, object: next });
    return Promise.resolve(clone(next));
  }

  list(
    type: ResourceType,
    options: { namespace?: string; labelSelector?: string } = {},
  ): Promise<KubeObject[]> {
    const items = [...this.objects.values()]
      .filter((e) => e.type.group === type.group && e.type.resource === type.resource)
      .map((e) => e.object)
      .filter((o) => options.namespace === undefined || o.metadata?.namespace === options.namespace)
      .filter((o) => matchesSelector(o, options.labelSelector));
    return Promise.resolve(items.map(clone));
  }

  /**
   * Deletes like the API server: an object with finalizers only gets a deletionTimestamp (it
   * goes when a patch empties them), and a Namespace takes everything in it along.
   */
  delete(ref: ObjectRef): Promise<void> {
    const path = pathOf(ref.type, ref.name, ref.namespace);
    const entry = this.objects.get(path);
    if (entry === undefined) return Promise.reject(this.notFound("DELETE", path));
    this.writes.push({ verb: "delete", path });
    if ((entry.object.metadata?.finalizers ?? []).length > 0) {
      entry.object.metadata = {
        ...entry.object.metadata,
        deletionTimestamp: "2026-01-01T00:00:00Z",
      };
      return Promise.resolve();
    }
    this.objects.delete(path);
    if (entry.object.kind === "Namespace") this.dropNamespace(ref.name);
    return Promise.resolve();
  }

  private dropNamespace(namespace: string): void {
    for (const [path, e] of this.objects) {
      if (e.type.namespaced && e.object.metadata?.namespace === namespace)
        this.objects.delete(path);
    }
  }

  /** Replaces an object's status without recording a write (what a controller would do). */
  setStatus(ref: ObjectRef, status: unknown): void {
    const entry = this.objects.get(pathOf(ref.type, ref.name, ref.namespace));
    if (entry !== undefined) entry.object["status"] = clone(status);
  }

  /** Every stored object. */
  all(): KubeObject[] {
    return [...this.objects.values()].map((e) => clone(e.object));
  }

  private notFound(method: string, path: string): NotFoundError {
    return new NotFoundError(
      { statusCode: 404, reason: "NotFound", method, path },
      `${path} not found`,
    );
  }
}
