// What a restore covers, as Velero's restore decides it: resource and namespace include/exclude
// lists (namespace globs expanded against the backup's namespaces), the cluster-scope rules of
// includeClusterResources, label selectors matched locally, and which statuses are restored.
import {
  RESTORE_STATUS_ANNOTATION,
  type LabelSelector,
  type RestoreSpec,
} from "../../lib/api/index.js";
import {
  IncludesExcludes,
  matchesAnyLabelSelector,
  matchesLabelSelector,
  NamespaceFilter,
  resolveNames,
  type ResourceResolver,
} from "../filters/index.js";

/** Resources restored whatever the filters say (Velero's `resourceMustHave`). */
export const mustHaveResources: readonly string[] = [
  "datauploads.velero.io",
  "volumesnapshotcontents.snapshot.storage.k8s.io",
];

/** Options of {@link RestoreScope}. */
export interface RestoreScopeOptions {
  readonly spec: RestoreSpec;
  /** Resolves user-typed resource names through discovery (unknown names are kept as typed). */
  readonly resolve: ResourceResolver;
  /** Namespaces present in the backup (glob patterns expand against these). */
  readonly backupNamespaces: readonly string[];
}

/** The filters of one restore. */
export class RestoreScope {
  readonly resources: IncludesExcludes;
  readonly namespaces: NamespaceFilter;
  readonly includeClusterResources: boolean | undefined;
  readonly #status: IncludesExcludes | undefined;
  readonly #labelSelector: LabelSelector | undefined;
  readonly #orLabelSelectors: readonly LabelSelector[];

  constructor(options: RestoreScopeOptions) {
    const { spec, resolve } = options;
    this.resources = new IncludesExcludes(
      resolveNames(spec.includedResources, resolve),
      resolveNames(spec.excludedResources, resolve),
    );
    this.namespaces = new NamespaceFilter(
      spec.includedNamespaces ?? [],
      spec.excludedNamespaces ?? [],
      options.backupNamespaces,
    );
    this.includeClusterResources = spec.includeClusterResources;
    this.#status =
      spec.restoreStatus === undefined
        ? undefined
        : new IncludesExcludes(
            resolveNames(spec.restoreStatus.includedResources, resolve),
            resolveNames(spec.restoreStatus.excludedResources, resolve),
          );
    this.#labelSelector = spec.labelSelector;
    this.#orLabelSelectors = spec.orLabelSelectors ?? [];
  }

  /** True for the resources restored whatever the filters say. */
  isMustHave(groupResource: string): boolean {
    return mustHaveResources.includes(groupResource);
  }

  /** Resource filter (must-have resources always pass). */
  includesResource(groupResource: string): boolean {
    return this.resources.shouldInclude(groupResource) || this.isMustHave(groupResource);
  }

  /** Namespace filter on the item's backed-up namespace (must-have resources always pass). */
  includesNamespace(namespace: string, groupResource: string): boolean {
    return this.namespaces.shouldInclude(namespace) || this.isMustHave(groupResource);
  }

  /** False when `includeClusterResources: false`: no cluster-scoped item at all. */
  allowsClusterScoped(): boolean {
    return this.includeClusterResources !== false;
  }

  /**
   * True when cluster-scoped items are restored from the backup's listing: with
   * `includeClusterResources: true`, or unset when the namespace filter is "everything".
   * Otherwise they come only as other items' additional items.
   */
  collectsClusterScoped(): boolean {
    if (this.includeClusterResources !== undefined) return this.includeClusterResources;
    return this.namespaces.includeEverything();
  }

  /** True when a label selector narrows the restore (items must be read to decide). */
  get selectsByLabel(): boolean {
    return this.#labelSelector !== undefined || this.#orLabelSelectors.length > 0;
  }

  /** labelSelector and orLabelSelectors, matched against the backed-up labels. */
  matchesLabels(labels: Readonly<Record<string, string>> | undefined): boolean {
    if (!matchesLabelSelector(labels, this.#labelSelector ?? {})) return false;
    return (
      this.#orLabelSelectors.length === 0 || matchesAnyLabelSelector(labels, this.#orLabelSelectors)
    );
  }

  /**
   * Whether the item's backed-up status is written back: `restoreStatus` includes the resource
   * (Velero's IncludesExcludes: empty includes mean all), overridden by the object's
   * `velero.io/restore-status` annotation (`true`/`false`, any case).
   */
  restoresStatus(
    groupResource: string,
    annotations: Readonly<Record<string, string>> | undefined,
  ): boolean {
    const bySpec = this.#status?.shouldInclude(groupResource) ?? false;
    const value = annotations?.[RESTORE_STATUS_ANNOTATION]?.trim().toLowerCase();
    if (value === "true") return true;
    if (value === "false") return false;
    return bySpec;
  }
}
