// Which pods a `spec.hooks.resources[]` entry applies to, as Velero's ResourceHookSelector:
// namespace and resource include/exclude lists (globs allowed) and a label selector.
import type { LabelSelector } from "../../lib/api/index.js";
import {
  IncludesExcludes,
  matchesLabelSelector,
  resolveNames,
  type ResourceResolver,
} from "../filters/index.js";

/** The selector fields shared by backup and restore hook specs. */
export interface HookSelectorSpec {
  readonly includedNamespaces?: readonly string[];
  readonly excludedNamespaces?: readonly string[];
  readonly includedResources?: readonly string[];
  readonly excludedResources?: readonly string[];
  readonly labelSelector?: LabelSelector;
}

/** A pod as a selector sees it. */
export interface HookTarget {
  readonly namespace: string;
  readonly labels?: Readonly<Record<string, string>> | undefined;
}

/** True when a hook spec applies to a pod. */
export type HookSelector = (pod: HookTarget) => boolean;

const podNames = new Set(["pods", "pod", "po", "pods.", "pods.v1", "pod.v1"]);

/** Resolves the names that mean core pods (what discovery would say for them). */
export const podResourceResolver: ResourceResolver = (name) =>
  podNames.has(name.toLowerCase()) ? { groupResource: "pods", namespaced: true } : undefined;

/** Compiles `spec`; `resolve` turns resource names into group-resources (default: pod names). */
export function compileHookSelector(
  spec: HookSelectorSpec,
  resolve: ResourceResolver = podResourceResolver,
): HookSelector {
  const namespaces = new IncludesExcludes(
    spec.includedNamespaces ?? [],
    spec.excludedNamespaces ?? [],
  );
  const resources = new IncludesExcludes(
    resolveNames(spec.includedResources, resolve),
    resolveNames(spec.excludedResources, resolve),
  );
  return (pod) =>
    namespaces.shouldInclude(pod.namespace) &&
    resources.shouldInclude("pods") &&
    matchesLabelSelector(pod.labels, spec.labelSelector);
}

/**
 * The selector of a restore hook spec: Velero applies restore hooks to pods whatever the spec's
 * resource lists say, so only namespaces and the label selector count.
 */
export function podHookSelector(spec: HookSelectorSpec): HookSelector {
  return compileHookSelector({ ...spec, includedResources: [], excludedResources: [] });
}
