// Which Namespace objects a backup includes: those its namespace filter or label selectors pick,
// and the namespaces of the namespaced items it collects (Velero's nsTracker).
import type { LabelSelector } from "../../lib/api/index.js";
import type { KubeObject } from "../../lib/kube/index.js";
import {
  matchesAnyLabelSelector,
  matchesLabelSelector,
  type NamespaceFilter,
} from "../filters/index.js";

/** Label selectors of a backup: the single one, or the OR-ed list. */
export interface BackupSelectors {
  readonly labelSelector?: LabelSelector | undefined;
  readonly orLabelSelectors?: readonly LabelSelector[] | undefined;
}

/**
 * Tracks namespaces. Rules (Velero's):
 * - a namespace not in phase Active is not tracked by {@link init};
 * - one whose labels match `labelSelector` or any of `orLabelSelectors` is tracked;
 * - otherwise, when the namespace filter includes everything and a selector is set, it is not;
 * - otherwise it is tracked when the namespace filter includes it;
 * - the namespace of every collected namespaced item is tracked ({@link track}).
 */
export class NamespaceTracker {
  readonly #tracked = new Set<string>();
  readonly #filter: NamespaceFilter;
  readonly #selectors: BackupSelectors;

  constructor(filter: NamespaceFilter, selectors: BackupSelectors) {
    this.#filter = filter;
    this.#selectors = selectors;
  }

  /** Applies the selector and filter rules to the cluster's Namespace objects. */
  init(namespaces: readonly KubeObject[]): void {
    for (const ns of namespaces) {
      const name = ns.metadata?.name;
      if (name !== undefined && this.#picks(ns)) this.#tracked.add(name);
    }
  }

  track(namespace: string): void {
    this.#tracked.add(namespace);
  }

  isTracked(namespace: string): boolean {
    return this.#tracked.has(namespace);
  }

  #picks(ns: KubeObject): boolean {
    if (!isActive(ns)) return false;
    const metadata = ns.metadata ?? {};
    if (this.#selected(metadata.labels)) return true;
    const { labelSelector, orLabelSelectors } = this.#selectors;
    const hasSelector = labelSelector !== undefined || (orLabelSelectors ?? []).length > 0;
    if (this.#filter.includeEverything() && hasSelector) return false;
    return this.#filter.shouldInclude(metadata.name ?? "");
  }

  #selected(labels: Readonly<Record<string, string>> | undefined): boolean {
    const { labelSelector, orLabelSelectors = [] } = this.#selectors;
    if (labelSelector !== undefined && matchesLabelSelector(labels, labelSelector)) return true;
    return matchesAnyLabelSelector(labels, orLabelSelectors);
  }
}

function isActive(ns: KubeObject): boolean {
  const status = ns["status"] as { phase?: unknown } | undefined;
  return status?.phase === "Active";
}
