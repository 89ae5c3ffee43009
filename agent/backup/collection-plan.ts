// What a backup lists, in Velero's order: one list per resource type, namespace and label
// selector, after the resource filters, the automatic exclusions and cohabitation.
import type { LabelSelector } from "../../lib/api/index.js";
import {
  labelSelectorToQuery,
  type NamespaceFilter,
  type ResourceFilter,
} from "../filters/index.js";
import {
  autoExcludedClusterScopedResources,
  autoExcludedNamespaceScopedResources,
} from "./backup-validation.js";
import type { BackupResource } from "./resource-discovery.js";

/** One list call of the plan. */
export interface ListUnit {
  readonly resource: BackupResource;
  /** `""` lists across all namespaces (or a cluster-scoped type). */
  readonly namespace: string;
  readonly labelSelector: string | undefined;
  /** True for the first unit of its resource type (where ordered items are read first). */
  readonly firstOfResource: boolean;
}

/** A resource type the plan leaves out, and why (for the backup log). */
export interface SkippedResource {
  readonly resource: BackupResource;
  readonly reason: string;
}

/** The plan: list units, whether the Namespace objects are collected, and skips. */
export interface CollectionPlan {
  readonly units: readonly ListUnit[];
  /** True when the `namespaces` type is included (Namespace objects are backed up). */
  readonly includesNamespaces: boolean;
  readonly skipped: readonly SkippedResource[];
}

/** The plan's inputs. */
export interface PlanInput {
  readonly resources: readonly BackupResource[];
  readonly namespaces: NamespaceFilter;
  readonly resourceFilter: ResourceFilter;
  readonly labelSelector?: LabelSelector | undefined;
  readonly orLabelSelectors?: readonly LabelSelector[] | undefined;
}

/** Types whose items exist in two groups; only the first group seen is listed. */
const cohabiting: Readonly<Record<string, readonly [string, string]>> = {
  deployments: ["extensions", "apps"],
  daemonsets: ["extensions", "apps"],
  replicasets: ["extensions", "apps"],
  networkpolicies: ["extensions", "networking.k8s.io"],
  events: ["", "events.k8s.io"],
};

const autoExcluded = new Set([
  ...autoExcludedNamespaceScopedResources,
  ...autoExcludedClusterScopedResources,
]);

/**
 * The namespaces to list namespaced types in: `[""]` (one list across all namespaces) when the
 * filter includes `*`, otherwise each included namespace (globs already expanded).
 */
export function namespacesToList(filter: NamespaceFilter): string[] {
  if (filter.shouldInclude("*")) return [""];
  return filter.lists.includes.filter((ns) => filter.shouldInclude(ns));
}

/** The label selector queries: one per OR-ed selector, else the single one (or none). */
export function selectorQueries(
  input: Pick<PlanInput, "labelSelector" | "orLabelSelectors">,
): (string | undefined)[] {
  const or = input.orLabelSelectors ?? [];
  if (or.length > 0) return or.map((s) => labelSelectorToQuery(s));
  return [labelSelectorToQuery(input.labelSelector)];
}

/** Builds the plan for `input.resources` (already in Velero's order). */
export function planCollection(input: PlanInput): CollectionPlan {
  const units: ListUnit[] = [];
  const skipped: SkippedResource[] = [];
  const seenCohabitants = new Set<string>();
  const namespaces = namespacesToList(input.namespaces);
  const selectors = selectorQueries(input);
  let includesNamespaces = false;
  for (const resource of input.resources) {
    const reason = skipReason(resource, input.resourceFilter, seenCohabitants);
    if (reason !== undefined) {
      skipped.push({ resource, reason });
      continue;
    }
    if (resource.groupResource === "namespaces") {
      includesNamespaces = true;
      continue;
    }
    let first = true;
    for (const namespace of resource.namespaced ? namespaces : [""]) {
      for (const labelSelector of selectors) {
        units.push({ resource, namespace, labelSelector, firstOfResource: first });
        first = false;
      }
    }
  }
  return { units, includesNamespaces, skipped };
}

function skipReason(
  resource: BackupResource,
  filter: ResourceFilter,
  seenCohabitants: Set<string>,
): string | undefined {
  const info = { groupResource: resource.groupResource, namespaced: resource.namespaced };
  if (autoExcluded.has(resource.groupResource) || !filter.shouldInclude(info)) {
    return "Skipping resource because it's excluded";
  }
  const groups = cohabiting[resource.resource];
  if (groups === undefined || !groups.includes(resource.group)) return undefined;
  if (seenCohabitants.has(resource.resource)) {
    return "Skipping resource because it cohabitates and we've already processed it";
  }
  seenCohabitants.add(resource.resource);
  return undefined;
}
