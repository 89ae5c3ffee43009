// Makes sure the namespace an item is restored into exists: created from the backed-up
// Namespace object when the backup has one (renamed when mapped), waiting for a terminating
// namespace of that name to go first, once per namespace however many items ask concurrently.
import type { ExtractedArchive } from "../../lib/archive/index.js";
import type { Clock } from "../../lib/clock.js";
import { errorMessage } from "../../lib/errors.js";
import {
  AlreadyExistsError,
  isNotFound,
  type KubeObject,
  type ResourceClient,
} from "../../lib/kube/index.js";
import type { Logger } from "../../lib/log.js";
import type { RestoredItems } from "./restored-items.js";

/** Options of {@link NamespaceEnsurer}. */
export interface NamespaceEnsurerOptions {
  readonly client: ResourceClient;
  readonly archive: ExtractedArchive;
  readonly items: RestoredItems;
  readonly clock: Clock;
  /** How long to wait for a terminating namespace to disappear. */
  readonly terminatingTimeoutMs: number;
  readonly log: Logger;
  /** Poll interval while waiting (Velero: 1 s). */
  readonly pollMs?: number;
}

/** Ensures target namespaces exist (see the file comment). */
export class NamespaceEnsurer {
  readonly #options: NamespaceEnsurerOptions;
  readonly #ready = new Map<string, Promise<void>>();

  constructor(options: NamespaceEnsurerOptions) {
    this.#options = options;
  }

  /**
   * Resolves once `target` exists and is not terminating. A namespace this call created is
   * recorded as a created item. Rejects with Velero's messages (`timed out waiting for
   * terminating namespace x to disappear before restoring`, `error creating namespace x: ...`);
   * a failed namespace is tried again by the next caller.
   */
  ensure(original: string, target: string): Promise<void> {
    let ready = this.#ready.get(target);
    if (ready === undefined) {
      ready = this.#ensure(original, target);
      this.#ready.set(target, ready);
      ready.catch(() => this.#ready.delete(target));
    }
    return ready;
  }

  async #ensure(original: string, target: string): Promise<void> {
    const { client, clock, terminatingTimeoutMs } = this.#options;
    const deadline = clock.now().getTime() + terminatingTimeoutMs;
    for (;;) {
      const existing = await this.#get(target);
      if (existing === undefined) break;
      if (!isTerminating(existing)) return;
      if (clock.now().getTime() >= deadline) {
        throw new Error(
          `timed out waiting for terminating namespace ${target} to disappear before restoring`,
        );
      }
      await clock.sleep(this.#options.pollMs ?? 1000);
    }
    const namespace = await this.#fromBackup(original, target);
    try {
      await client.create(namespace);
    } catch (error) {
      if (error instanceof AlreadyExistsError) return;
      throw new Error(`error creating namespace ${target}: ${errorMessage(error)}`, {
        cause: error,
      });
    }
    const key = { resource: resourceKey(namespace), namespace: "", name: target };
    this.#options.items.claim(key);
    this.#options.items.record(key, "created");
    this.#options.log.info(`Created namespace ${target}`, { namespace: target });
  }

  async #get(name: string): Promise<KubeObject | undefined> {
    try {
      return await this.#options.client.get(name);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw new Error(`error getting namespace ${name}: ${errorMessage(error)}`, { cause: error });
    }
  }

  /** Velero's getNamespace: labels, annotations and spec of the backed-up Namespace, renamed. */
  async #fromBackup(original: string, target: string): Promise<KubeObject> {
    const blank: KubeObject = { apiVersion: "v1", kind: "Namespace", metadata: { name: target } };
    const ref = { groupResource: "namespaces", name: original };
    if (!this.#options.archive.catalog.has(ref)) return blank;
    try {
      const backedUp: KubeObject = await this.#options.archive.readItem(ref);
      const metadata = backedUp.metadata ?? {};
      return {
        apiVersion: backedUp.apiVersion ?? "v1",
        kind: backedUp.kind ?? "Namespace",
        metadata: {
          name: target,
          ...(metadata.labels === undefined ? {} : { labels: metadata.labels }),
          ...(metadata.annotations === undefined ? {} : { annotations: metadata.annotations }),
        },
        ...(backedUp["spec"] === undefined ? {} : { spec: backedUp["spec"] }),
      };
    } catch {
      this.#options.log.warn("Error unmarshaling namespace from backup, creating new one.", {
        namespace: original,
      });
      return blank;
    }
  }
}

function isTerminating(namespace: KubeObject): boolean {
  const status = namespace["status"] as { phase?: unknown } | undefined;
  return namespace.metadata?.deletionTimestamp !== undefined || status?.phase === "Terminating";
}

/** `<apiVersion>/<Kind>` of an object, the key Velero files restored items under. */
export function resourceKey(object: KubeObject): string {
  return `${object.apiVersion ?? ""}/${object.kind ?? ""}`;
}
