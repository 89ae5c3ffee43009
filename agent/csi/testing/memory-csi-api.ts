// An in-memory CsiApi for tests, with a stand-in snapshot controller: a dynamic VolumeSnapshot
// gets a bound content with a handle and both turn ready (or never, or fail), as the local test
// cluster's controller does.
import { randomUUID } from "node:crypto";
import type {
  VolumeSnapshot,
  VolumeSnapshotClass,
  VolumeSnapshotContent,
} from "../../../lib/api/index.js";
import type { KubeObject } from "../../../lib/kube/index.js";
import type { CsiApi, ObjectAccess } from "../csi-api.js";

interface Meta {
  metadata?: {
    name?: string;
    generateName?: string;
    namespace?: string;
    uid?: string;
    labels?: Record<string, string>;
  };
}

function matches(object: Meta, selector: string | undefined): boolean {
  if (selector === undefined || selector === "") return true;
  return selector.split(",").every((term) => {
    const [key = "", value = ""] = term.split("=");
    return object.metadata?.labels?.[key] === value;
  });
}

function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== "object" || patch === null || Array.isArray(patch)) return patch;
  const base =
    typeof target === "object" && target !== null && !Array.isArray(target)
      ? { ...(target as Record<string, unknown>) }
      : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) Reflect.deleteProperty(base, key);
    else base[key] = mergePatch(base[key], value);
  }
  return base;
}

/** One kind's objects by `namespace/name`, plus a record of every call. */
export class MemoryObjects<T extends Meta> implements ObjectAccess<T> {
  readonly objects = new Map<string, T>();
  readonly deleted: string[] = [];
  readonly #onCreate: ((object: T) => void) | undefined;

  constructor(onCreate?: (object: T) => void) {
    this.#onCreate = onCreate;
  }

  put(object: T): T {
    const meta = object.metadata ?? {};
    this.objects.set(`${meta.namespace ?? ""}/${meta.name ?? ""}`, structuredClone(object));
    return object;
  }

  get(namespace: string, name: string): Promise<T | undefined> {
    const found = this.objects.get(`${namespace}/${name}`);
    return Promise.resolve(found === undefined ? undefined : structuredClone(found));
  }

  list(labelSelector?: string): Promise<T[]> {
    const all = [...this.objects.values()].filter((o) => matches(o, labelSelector));
    return Promise.resolve(all.map((o) => structuredClone(o)));
  }

  create(object: T): Promise<T> {
    const created = structuredClone(object);
    const meta = (created.metadata ??= {});
    meta.name ??= `${meta.generateName ?? ""}${randomUUID().slice(0, 5)}`;
    meta.uid = randomUUID();
    if (this.objects.has(`${meta.namespace ?? ""}/${meta.name}`)) {
      return Promise.reject(new Error(`${meta.name} already exists`));
    }
    this.put(created);
    this.#onCreate?.(created);
    return Promise.resolve(structuredClone(created));
  }

  patch(namespace: string, name: string, patch: unknown): Promise<T> {
    const key = `${namespace}/${name}`;
    const found = this.objects.get(key);
    if (found === undefined) return Promise.reject(new Error(`${key} not found`));
    const patched = mergePatch(found, patch) as T;
    this.objects.set(key, patched);
    return Promise.resolve(structuredClone(patched));
  }

  delete(namespace: string, name: string): Promise<boolean> {
    const key = `${namespace}/${name}`;
    this.deleted.push(key);
    return Promise.resolve(this.objects.delete(key));
  }
}

/** How the stand-in controller treats new dynamic snapshots. */
export type SnapshotBehaviour = "ready" | "never" | { readonly error: string };

/** The in-memory {@link CsiApi}; fill `claims`, `volumes`, `pods`... directly. */
export class MemoryCsiApi implements CsiApi {
  readonly claims = new MemoryObjects<KubeObject>();
  readonly volumes = new MemoryObjects<KubeObject>();
  readonly storageClasses = new MemoryObjects<KubeObject>();
  readonly pods = new MemoryObjects<KubeObject>();
  readonly contents = new MemoryObjects<VolumeSnapshotContent>();
  readonly classes = new MemoryObjects<VolumeSnapshotClass>();
  readonly snapshots = new MemoryObjects<VolumeSnapshot>((vs) => {
    this.#react(vs);
  });
  /** What happens to the next dynamic snapshots. */
  behaviour: SnapshotBehaviour = "ready";
  /** Bytes reported as the restore size. */
  restoreSize = 1024 * 1024;

  async listPods(namespace: string): Promise<KubeObject[]> {
    return (await this.pods.list()).filter((p) => p.metadata?.namespace === namespace);
  }

  #react(vs: VolumeSnapshot): void {
    const claim = vs.spec.source.persistentVolumeClaimName;
    if (claim === undefined || this.behaviour === "never") return;
    if (typeof this.behaviour === "object") {
      this.snapshots.put({ ...vs, status: { error: { message: this.behaviour.error } } });
      return;
    }
    const contentName = `snapcontent-${vs.metadata.uid ?? ""}`;
    this.contents.put(this.#contentFor(vs, contentName, claim));
    this.snapshots.put({
      ...vs,
      status: {
        boundVolumeSnapshotContentName: contentName,
        readyToUse: true,
        restoreSize: String(this.restoreSize),
        creationTime: "2026-01-01T00:00:00Z",
      },
    });
  }

  #contentFor(vs: VolumeSnapshot, name: string, claim: string): VolumeSnapshotContent {
    const className = vs.spec.volumeSnapshotClassName ?? "";
    const snapshotClass = this.classes.objects.get(`/${className}`);
    return {
      apiVersion: "snapshot.storage.k8s.io/v1",
      kind: "VolumeSnapshotContent",
      metadata: { name, uid: randomUUID() },
      spec: {
        deletionPolicy: snapshotClass?.deletionPolicy ?? "Delete",
        driver: snapshotClass?.driver ?? "local.csi.test",
        source: { volumeHandle: `volume-of-${claim}` },
        volumeSnapshotClassName: className,
        volumeSnapshotRef: {
          kind: "VolumeSnapshot",
          namespace: vs.metadata.namespace ?? "",
          name: vs.metadata.name ?? "",
          uid: vs.metadata.uid ?? "",
        },
      },
      status: {
        snapshotHandle: `snapshot-${randomUUID()}`,
        readyToUse: true,
        restoreSize: this.restoreSize,
      },
    };
  }
}
