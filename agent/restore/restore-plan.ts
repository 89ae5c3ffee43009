// Which items of the backup a restore visits, resource by resource in restore order (Velero's
// getOrderedResourceCollection): resource and namespace filters, cluster-scope rules, label
// selectors, the version directory to read and each namespace's target. Names only, no bodies.
import type { ExtractedArchive, ItemRef } from "../../lib/archive/index.js";
import type { Logger } from "../../lib/log.js";
import type { ClusterResources } from "./cluster-resources.js";
import type { RestoreResults } from "./restore-results.js";
import type { RestoreScope } from "./restore-scope.js";
import { chooseRestoreVersion } from "./version-selection.js";

/** The selected items of one namespace of one resource. */
export interface PlannedNamespace {
  /** The namespace in the backup (`""` for cluster-scoped items). */
  readonly namespace: string;
  /** The namespace restored into (mapped). */
  readonly target: string;
  readonly names: readonly string[];
}

/** One resource to restore. */
export interface PlannedResource {
  readonly groupResource: string;
  /** The archive directory read. */
  readonly dir: Pick<ItemRef, "version" | "preferred">;
  readonly namespaces: readonly PlannedNamespace[];
  readonly totalItems: number;
}

/** What planning reads. */
export interface PlanInput {
  readonly archive: ExtractedArchive;
  readonly cluster: ClusterResources;
  readonly scope: RestoreScope;
  readonly namespaceMapping: Readonly<Record<string, string>>;
  readonly results: RestoreResults;
  readonly log: Logger;
}

/** Plans `ordered` (group-resources in restore order); resources with nothing selected are left out. */
export async function planResources(
  input: PlanInput,
  ordered: readonly string[],
): Promise<PlannedResource[]> {
  const planned: PlannedResource[] = [];
  for (const groupResource of ordered) {
    const resource = await planResource(input, groupResource);
    if (resource !== undefined && resource.totalItems > 0) planned.push(resource);
  }
  return planned;
}

async function planResource(
  input: PlanInput,
  groupResource: string,
): Promise<PlannedResource | undefined> {
  const { archive, cluster, scope, log } = input;
  if (!scope.includesResource(groupResource)) {
    log.info("Skipping restore of resource because the restore spec excludes it", {
      resource: groupResource,
    });
    return undefined;
  }
  const served = cluster.served(groupResource);
  if (served.versions.length === 0) {
    log.info("Skipping restore of resource because it cannot be resolved via discovery", {
      resource: groupResource,
    });
    return undefined;
  }
  const choice = chooseRestoreVersion(archive.catalog.versions(groupResource), served);
  if (choice.kind === "skip") {
    log.warn(`Skipping restore of resource ${groupResource}: ${choice.reason}`);
    input.results.warnings.add("", `could not restore ${groupResource}: ${choice.reason}`);
    return undefined;
  }
  const namespaces = await planNamespaces(input, groupResource, choice.dir);
  const totalItems = namespaces.reduce((sum, ns) => sum + ns.names.length, 0);
  return { groupResource, dir: choice.dir, namespaces, totalItems };
}

async function planNamespaces(
  input: PlanInput,
  groupResource: string,
  dir: Pick<ItemRef, "version" | "preferred">,
): Promise<PlannedNamespace[]> {
  const items = input.archive.catalog.items(groupResource, dir);
  const namespaces: PlannedNamespace[] = [];
  for (const [namespace, names] of items?.itemsByNamespace ?? []) {
    if (!namespaceSelected(input, groupResource, namespace)) continue;
    const selected = await selectNames(input, { groupResource, namespace, dir }, names);
    if (selected.length === 0) continue;
    const target = namespace === "" ? "" : (input.namespaceMapping[namespace] ?? namespace);
    namespaces.push({ namespace, target, names: selected });
  }
  return namespaces;
}

function namespaceSelected(input: PlanInput, groupResource: string, namespace: string): boolean {
  const { scope, log } = input;
  if (namespace !== "") return scope.includesNamespace(namespace, groupResource);
  if (scope.collectsClusterScoped()) return true;
  log.info(
    `Skipping resource ${groupResource} because it's cluster-scoped and only specific namespaces or no cluster resources are included in the restore`,
  );
  return false;
}

interface Where {
  readonly groupResource: string;
  readonly namespace: string;
  readonly dir: Pick<ItemRef, "version" | "preferred">;
}

async function selectNames(
  input: PlanInput,
  where: Where,
  names: readonly string[],
): Promise<string[]> {
  const { scope, archive } = input;
  let selected = [...names];
  if (where.groupResource === "namespaces") {
    selected = selected.filter((name) => scope.namespaces.shouldInclude(name));
  }
  if (!scope.selectsByLabel) return selected;
  const kept: string[] = [];
  for (const name of selected) {
    const ref = { groupResource: where.groupResource, namespace: where.namespace, name };
    const item = await archive.readItem({ ...ref, ...where.dir });
    const metadata = item["metadata"] as { labels?: Record<string, string> } | undefined;
    if (scope.matchesLabels(metadata?.labels)) kept.push(name);
  }
  return kept;
}
