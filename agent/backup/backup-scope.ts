// What one backup covers, worked out when it starts: discovery, the cluster's namespaces, the
// namespace and resource filters, the collection plan and the backup item actions.
import type { Backup, BackupSpec } from "../../lib/api/index.js";
import type { KubeList, KubeObject, KubeRestClient } from "../../lib/kube/index.js";
import type { Logger } from "../../lib/log.js";
import { createResourceFilter, NamespaceFilter, type ResourceFilter } from "../filters/index.js";
import { compileSelector, type BackupItemActionFactory } from "../item-actions/index.js";
import {
  autoExcludedClusterScopedResources,
  autoExcludedNamespaceScopedResources,
} from "./backup-validation.js";
import { planCollection, type CollectionPlan } from "./collection-plan.js";
import type { ResolvedAction } from "./item-backupper.js";
import { NamespaceTracker } from "./namespace-tracker.js";
import { discoverBackupResources, type BackupResources } from "./resource-discovery.js";

/** Everything a backup needs to know before it lists items. */
export interface BackupScope {
  readonly resources: BackupResources;
  readonly namespaceObjects: readonly KubeObject[];
  readonly namespaces: NamespaceFilter;
  readonly resourceFilter: ResourceFilter;
  readonly plan: CollectionPlan;
  readonly tracker: NamespaceTracker;
  readonly actions: readonly ResolvedAction[];
}

const autoExcluded = [
  ...autoExcludedNamespaceScopedResources,
  ...autoExcludedClusterScopedResources,
];

/**
 * The spec the resource filter is built from: the server-added automatic exclusions taken out
 * again. They are honoured separately (never listed), and leaving them in would make a plain
 * backup's cluster-scoped lists look non-empty, so that it skipped every cluster-scoped type.
 */
export function filterSpec(spec: BackupSpec): BackupSpec {
  const without = (list: string[] | undefined): string[] | undefined => {
    const kept = list?.filter((r) => !autoExcluded.includes(r));
    return kept === undefined || kept.length === 0 ? undefined : kept;
  };
  return {
    ...spec,
    excludedResources: without(spec.excludedResources),
    excludedClusterScopedResources: without(spec.excludedClusterScopedResources),
    excludedNamespaceScopedResources: without(spec.excludedNamespaceScopedResources),
  };
}

/** Dependencies of {@link resolveBackupScope}. */
export interface ScopeDeps {
  readonly rest: KubeRestClient;
  readonly backup: Backup;
  readonly actionFactories: readonly BackupItemActionFactory[];
  readonly log: Logger;
}

/** Reads discovery and the namespaces, and builds the filters, plan and actions. */
export async function resolveBackupScope(deps: ScopeDeps): Promise<BackupScope> {
  const { backup, log } = deps;
  const [resources, namespaceList] = await Promise.all([
    discoverBackupResources(deps.rest),
    deps.rest.request<KubeList>({ method: "GET", path: "/api/v1/namespaces" }),
  ]);
  const namespaceObjects = namespaceList.items;
  const active = namespaceObjects.flatMap((ns) => ns.metadata?.name ?? []);
  const namespaces = new NamespaceFilter(
    backup.spec.includedNamespaces ?? [],
    backup.spec.excludedNamespaces ?? [],
    active,
  );
  log.info(`Including namespaces: ${namespaces.lists.includesString()}`);
  log.info(`Excluding namespaces: ${namespaces.lists.excludesString()}`);
  const resourceFilter = createResourceFilter(
    filterSpec(backup.spec),
    namespaces,
    resources.resolve,
  );
  log.info(
    `Backing up all volumes using pod volume backup: ${String(backup.spec.defaultVolumesToFsBackup === true)}`,
  );
  const plan = planCollection({
    resources: resources.ordered,
    namespaces,
    resourceFilter,
    labelSelector: backup.spec.labelSelector,
    orLabelSelectors: backup.spec.orLabelSelectors,
  });
  for (const skip of plan.skipped) log.info(skip.reason, { resource: skip.resource.groupResource });
  const tracker = new NamespaceTracker(namespaces, {
    labelSelector: backup.spec.labelSelector,
    orLabelSelectors: backup.spec.orLabelSelectors,
  });
  const actions = await setUpActions(deps, resources);
  return { resources, namespaceObjects, namespaces, resourceFilter, plan, tracker, actions };
}

async function setUpActions(
  deps: ScopeDeps,
  resources: BackupResources,
): Promise<ResolvedAction[]> {
  const setup = {
    rest: deps.rest,
    servedGroupVersions: resources.groupVersions,
    preferredVersion: (group: string) => resources.ordered.find((r) => r.group === group)?.version,
    log: deps.log,
  };
  const actions = await Promise.all(deps.actionFactories.map((create) => create(setup)));
  return actions.map((action) => ({
    action,
    applies: compileSelector(action.appliesTo(), resources.resolve),
  }));
}
