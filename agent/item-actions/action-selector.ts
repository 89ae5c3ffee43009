// Decides whether a backup item action applies to an item, as Velero's ResolvedAction.ShouldUse:
// resource and namespace include/exclude lists and a label selector.
import {
  IncludesExcludes,
  matchesLabelSelector,
  resolveNames,
  type ResourceResolver,
} from "../filters/index.js";
import type { ResourceSelector } from "./backup-item-action.js";

/** The item facts an action selector looks at. */
export interface SelectorTarget {
  readonly groupResource: string;
  /** `""` for cluster-scoped items. */
  readonly namespace: string;
  readonly labels?: Readonly<Record<string, string>> | undefined;
}

/** A selector compiled against discovery: true when the action applies to `target`. */
export type ActionPredicate = (target: SelectorTarget) => boolean;

/**
 * Compiles `selector`. Resource names resolve through `resolve`; an action limited to some
 * namespaces never applies to cluster-scoped items (Velero's rule).
 */
export function compileSelector(
  selector: ResourceSelector,
  resolve: ResourceResolver,
): ActionPredicate {
  const resources = new IncludesExcludes(
    resolveNames(selector.includedResources, resolve),
    resolveNames(selector.excludedResources, resolve),
  );
  const namespaces = new IncludesExcludes(
    selector.includedNamespaces ?? [],
    selector.excludedNamespaces ?? [],
  );
  return (target) => {
    if (!resources.shouldInclude(target.groupResource)) return false;
    if (target.namespace !== "" && !namespaces.shouldInclude(target.namespace)) return false;
    if (target.namespace === "" && !namespaces.includeEverything()) return false;
    return matchesLabelSelector(target.labels, selector.labelSelector);
  };
}
