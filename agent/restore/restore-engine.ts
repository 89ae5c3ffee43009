// Restores the planned items of a backup into the cluster: CRDs first (then discovery is read
// again), then every other resource in restore order. Resources go one after the other; the
// items of one resource are restored concurrently by a bounded pool, read lazily from the
// extracted archive.
import type { RestoreProgress } from "../../lib/api/index.js";
import { errorMessage } from "../../lib/errors.js";
import { restoreItem } from "./item-restorer.js";
import { orderResources } from "./restore-order.js";
import type { RestorePriorities } from "./restore-priorities.js";
import type { RestoreContext } from "./restore-context.js";
import { planResources, type PlannedResource } from "./restore-plan.js";
import { RestoreResults } from "./restore-results.js";

/** Items restored at once by default. */
export const defaultItemConcurrency = 16;

const crdResource = "customresourcedefinitions.apiextensions.k8s.io";

/** Options of {@link RestoreEngine}. */
export interface RestoreEngineOptions {
  readonly priorities: RestorePriorities;
  /** Items of one resource restored at once (default {@link defaultItemConcurrency}). */
  readonly concurrency?: number;
  /** Stops the restore between items (the agent is stopping). */
  readonly signal: AbortSignal;
}

/** Runs the item restores of one restore and counts its progress. */
export class RestoreEngine {
  readonly results = new RestoreResults();
  readonly #ctx: RestoreContext;
  readonly #options: RestoreEngineOptions;
  #total = 0;
  #processed = 0;

  constructor(ctx: RestoreContext, options: RestoreEngineOptions) {
    this.#ctx = ctx;
    this.#options = options;
  }

  /** Velero's progress: items restored, and the estimate of the total. */
  progress(): Required<RestoreProgress> {
    const restored = this.#ctx.items.size;
    return {
      itemsRestored: restored,
      totalItems: restored + Math.max(0, this.#total - this.#processed),
    };
  }

  /** Restores everything; item problems go to `results`. Throws only when aborted. */
  async run(): Promise<void> {
    const ctx = this.#ctx;
    const backupResources = ctx.archive.catalog.groupResources();
    const crds = await this.#plan(backupResources.filter((gr) => gr === crdResource));
    this.#total = crds.reduce((sum, r) => sum + r.totalItems, 0);
    for (const resource of crds) await this.#restoreResource(resource);
    if (this.#restoredAnyCrd()) await this.#refreshDiscovery();
    const rest = backupResources.filter((gr) => gr !== crdResource);
    const resolve = (name: string): string | undefined => ctx.cluster.resolve(name);
    const ordered = orderResources(this.#options.priorities, rest, resolve);
    const planned = await this.#plan(ordered);
    this.#processed = 0;
    this.#total = planned.reduce((sum, r) => sum + r.totalItems, 0);
    for (const resource of planned) await this.#restoreResource(resource);
  }

  #plan(ordered: readonly string[]): Promise<PlannedResource[]> {
    const ctx = this.#ctx;
    return planResources(
      {
        archive: ctx.archive,
        cluster: ctx.cluster,
        scope: ctx.scope,
        namespaceMapping: ctx.restore.spec.namespaceMapping ?? {},
        results: this.results,
        log: ctx.log,
      },
      ordered,
    );
  }

  #restoredAnyCrd(): boolean {
    const list = this.#ctx.items.resourceList();
    return Object.entries(list).some(
      ([resource, entries]) =>
        resource.startsWith("apiextensions.k8s.io/") &&
        entries.some((e) => e.endsWith("(created)") || e.endsWith("(updated)")),
    );
  }

  async #refreshDiscovery(): Promise<void> {
    try {
      await this.#ctx.cluster.refresh();
    } catch (error) {
      this.results.warnings.add(
        "",
        `refresh discovery after restoring CRDs: ${errorMessage(error)}`,
      );
    }
  }

  async #restoreResource(resource: PlannedResource): Promise<void> {
    this.#ctx.log.info(`Restoring resource '${resource.groupResource}' into namespaces`, {
      resource: resource.groupResource,
    });
    if (resource.groupResource === "namespaces") {
      await this.#ensureNamespaces(resource);
      return;
    }
    const tasks = resource.namespaces.flatMap((ns) =>
      ns.names.map((name) => ({ namespace: ns.namespace, target: ns.target, name })),
    );
    await runBounded(tasks, this.#options.concurrency ?? defaultItemConcurrency, (task) =>
      this.#restoreOne(resource, task),
    );
  }

  async #ensureNamespaces(resource: PlannedResource): Promise<void> {
    const mapping = this.#ctx.restore.spec.namespaceMapping ?? {};
    const names = resource.namespaces.flatMap((ns) => ns.names);
    await runBounded(names, this.#options.concurrency ?? defaultItemConcurrency, async (name) => {
      this.#checkAborted();
      try {
        await this.#ctx.namespaces.ensure(name, mapping[name] ?? name);
      } catch (error) {
        this.results.errors.addVelero(errorMessage(error));
      }
    });
  }

  async #restoreOne(
    resource: PlannedResource,
    task: { namespace: string; target: string; name: string },
  ): Promise<void> {
    this.#checkAborted();
    const ctx = this.#ctx;
    const ref = {
      groupResource: resource.groupResource,
      namespace: task.namespace,
      name: task.name,
      ...resource.dir,
    };
    try {
      const item = await ctx.archive.readItem(ref);
      const outcome = await restoreItem(ctx, item, resource.groupResource, task.target);
      this.results.merge(outcome.results);
    } catch (error) {
      this.results.errors.add(task.target, `error decoding ${task.name}: ${errorMessage(error)}`);
    }
    this.#processed++;
    const { itemsRestored, totalItems } = this.progress();
    ctx.log.info(
      `Restored ${String(itemsRestored)} items out of an estimated total of ${String(totalItems)} (estimate will change throughout the restore)`,
      { progress: "", resource: resource.groupResource, namespace: task.target, name: task.name },
    );
  }

  #checkAborted(): void {
    const signal = this.#options.signal;
    if (signal.aborted) throw signal.reason;
  }
}

/** Runs `work` over `items` with at most `limit` at once; rejects with the first failure. */
export async function runBounded<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker);
  await Promise.all(workers);
}
