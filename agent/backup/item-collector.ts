// Runs a backup's collection plan: reads the lists (several ahead, pages in plan order) and
// hands every item to the item backupper as it arrives, then the Namespace objects the backup
// covers, then the CRDs of the custom resources it wrote.
import type { Backup } from "../../lib/api/index.js";
import { errorMessage } from "../../lib/errors.js";
import {
  NotFoundError,
  resourcePath,
  type KubeObject,
  type KubeRestClient,
} from "../../lib/kube/index.js";
import type { Logger } from "../../lib/log.js";
import {
  matchesAnyLabelSelector,
  matchesLabelSelector,
  type NamespaceFilter,
  type ResourceFilter,
} from "../filters/index.js";
import type { CollectionPlan, ListUnit } from "./collection-plan.js";
import { ArchiveWriteError } from "./errors.js";
import type { ItemBackupper } from "./item-backupper.js";
import { listItemPages, type ItemPage } from "./list-pager.js";
import type { NamespaceTracker } from "./namespace-tracker.js";
import { prefetchInOrder } from "./ordered-prefetch.js";
import type { ProgressCounter } from "./progress-reporter.js";
import { requestWithSignal } from "./scoped-request.js";
import type { BackupResource, BackupResources } from "./resource-discovery.js";

const crdGroupResource = "customresourcedefinitions.apiextensions.k8s.io";

/** Dependencies of {@link collectItems}. */
export interface CollectorDeps {
  readonly rest: KubeRestClient;
  readonly backup: Backup;
  readonly plan: CollectionPlan;
  readonly resources: BackupResources;
  readonly namespaces: NamespaceFilter;
  /** The cluster's Namespace objects, read when the backup started. */
  readonly namespaceObjects: readonly KubeObject[];
  readonly tracker: NamespaceTracker;
  readonly resourceFilter: ResourceFilter;
  readonly backupper: ItemBackupper;
  readonly progress: ProgressCounter;
  /** Group-resources written so far (filled by the item backupper's callback). */
  readonly writtenGroupResources: ReadonlySet<string>;
  readonly log: Logger;
  readonly pageSize: number;
  /** Lists read at once. */
  readonly concurrency: number;
  readonly signal: AbortSignal;
}

/** Reads one object in its preferred version; undefined when absent. */
export async function getItem(
  rest: KubeRestClient,
  resource: BackupResource,
  location: { namespace: string; name: string; signal?: AbortSignal },
): Promise<KubeObject | undefined> {
  try {
    const item = await requestWithSignal<KubeObject>(
      rest,
      {
        method: "GET",
        path: resourcePath(resource, { namespace: location.namespace, name: location.name }),
      },
      location.signal,
    );
    item.apiVersion ??= resource.apiVersion;
    item.kind ??= resource.kind;
    return item;
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

/**
 * Backs up everything the plan lists, then the tracked Namespace objects, then the CRDs of
 * written custom resources (unless CRDs are explicitly included or excluded). Listing errors
 * and item errors are logged as errors (the backup ends PartiallyFailed) and collection goes
 * on; only an aborted signal or a broken archive stops it (the error is thrown).
 */
export async function collectItems(deps: CollectorDeps): Promise<void> {
  if (deps.plan.includesNamespaces) {
    reportMissingNamespaces(deps);
    deps.tracker.init(deps.namespaceObjects);
  }
  const open = (unit: ListUnit, signal: AbortSignal): AsyncIterable<ItemPage> =>
    listItemPages(deps.rest, { ...unit, pageSize: deps.pageSize, signal });
  const options = { concurrency: deps.concurrency, pagesAhead: 2, signal: deps.signal };
  let current: ListUnit | undefined;
  for await (const event of prefetchInOrder(deps.plan.units, open, options)) {
    if (event.unit !== current) {
      current = event.unit;
      await startUnit(deps, current);
    }
    if (event.page !== undefined) {
      await backupPage(deps, event.unit, event.page);
    } else {
      deps.progress.remainingInList = 0;
      deps.log.error("Error listing items", {
        ...unitFields(event.unit),
        error: errorMessage(event.error),
      });
    }
  }
  deps.progress.remainingInList = 0;
  if (deps.plan.includesNamespaces) await backupNamespaces(deps);
  await backupCrds(deps);
}

function unitFields(unit: ListUnit): Record<string, string> {
  return {
    resource: unit.resource.groupResource,
    ...(unit.namespace === "" ? {} : { namespace: unit.namespace }),
  };
}

function reportMissingNamespaces(deps: CollectorDeps): void {
  const active = new Set(deps.namespaceObjects.map((ns) => ns.metadata?.name));
  for (const name of deps.namespaces.lists.includes) {
    if (name !== "*" && !active.has(name)) {
      deps.log.error(
        `fail to get the namespace ${name} specified in backup.Spec.IncludedNamespaces`,
      );
    }
  }
}

async function startUnit(deps: CollectorDeps, unit: ListUnit): Promise<void> {
  deps.progress.remainingInList = 0;
  if (unit.firstOfResource) {
    deps.log.info("Getting items for resource", { resource: unit.resource.groupResource });
    await backupOrderedItems(deps, unit.resource);
  }
}

async function backupPage(deps: CollectorDeps, unit: ListUnit, page: ItemPage): Promise<void> {
  if (page.restarted) {
    deps.log.warn(
      "The list's continue token expired; listing again from the start",
      unitFields(unit),
    );
  }
  deps.progress.pendingInPage = page.items.length;
  deps.progress.remainingInList = page.remaining ?? 0;
  for (const item of page.items) {
    const namespace = item.metadata?.namespace ?? "";
    if (namespace !== "" && deps.namespaces.shouldInclude(namespace)) deps.tracker.track(namespace);
    await backupOne(deps, item, unit.resource);
    deps.progress.pendingInPage--;
  }
}

/** Backs up one item; item failures are logged, a broken archive is thrown. */
async function backupOne(
  deps: CollectorDeps,
  item: KubeObject,
  resource: BackupResource,
): Promise<void> {
  try {
    await deps.backupper.backupItem(item, resource);
  } catch (error) {
    if (deps.signal.aborted || error instanceof ArchiveWriteError) throw error;
    deps.log.error("Error backing up item", {
      name: item.metadata?.name ?? "",
      namespace: item.metadata?.namespace ?? "",
      resource: resource.groupResource,
      error: errorMessage(error),
    });
  }
}

/** Items named in `spec.orderedResources[<resource>]` go first, in that order. */
async function backupOrderedItems(deps: CollectorDeps, resource: BackupResource): Promise<void> {
  const order = deps.backup.spec.orderedResources?.[resource.resource];
  if (order === undefined || order === "") return;
  for (const entry of order.split(",")) {
    const item = await getItem(deps.rest, resource, {
      ...orderedEntry(entry, resource),
      signal: deps.signal,
    });
    if (item === undefined || !matchesSelectors(deps.backup, item)) {
      deps.log.warn(`Cannot find resource '${entry}'.`);
      continue;
    }
    await backupOne(deps, item, resource);
  }
}

/** `ns/name` (namespaced) or `name` (cluster-scoped). */
function orderedEntry(
  entry: string,
  resource: BackupResource,
): { namespace: string; name: string } {
  const slash = entry.indexOf("/");
  if (slash < 0) return { namespace: "", name: entry };
  return {
    namespace: resource.namespaced ? entry.slice(0, slash) : "",
    name: entry.slice(slash + 1),
  };
}

function matchesSelectors(backup: Backup, item: KubeObject): boolean {
  const labels = item.metadata?.labels;
  const or = backup.spec.orLabelSelectors ?? [];
  if (or.length > 0) return matchesAnyLabelSelector(labels, or);
  return matchesLabelSelector(labels, backup.spec.labelSelector);
}

async function backupNamespaces(deps: CollectorDeps): Promise<void> {
  const resource = deps.resources.find("namespaces");
  if (resource === undefined) return;
  for (const ns of deps.namespaceObjects) {
    if (!deps.tracker.isTracked(ns.metadata?.name ?? "")) continue;
    await backupOne(
      deps,
      { ...ns, apiVersion: ns.apiVersion ?? "v1", kind: ns.kind ?? "Namespace" },
      resource,
    );
  }
}

/**
 * Velero backs up the CRD of every custom resource type it wrote, unless CRDs are listed
 * directly (included) or excluded.
 */
async function backupCrds(deps: CollectorDeps): Promise<void> {
  const crds = deps.resources.find(crdGroupResource);
  if (crds === undefined) return;
  const info = { groupResource: crdGroupResource, namespaced: false };
  if (deps.resourceFilter.shouldExclude(info) || deps.resourceFilter.shouldInclude(info)) return;
  for (const groupResource of [...deps.writtenGroupResources]) {
    if (!groupResource.includes(".") || groupResource === crdGroupResource) continue;
    const crd = await getItem(deps.rest, crds, {
      namespace: "",
      name: groupResource,
      signal: deps.signal,
    });
    if (crd === undefined) continue;
    deps.log.info(`Found associated CRD ${groupResource} to add to backup`);
    await backupOne(deps, crd, crds);
  }
}
