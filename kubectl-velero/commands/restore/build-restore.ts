// The Restore `restore create` submits, field for field as Velero's CLI builds it, and the
// pick of a schedule's most recent usable backup for `--allow-partially-failed`.
import {
  EXISTING_RESOURCE_POLICIES,
  type Backup,
  type BackupPhase,
  type LabelSelector,
  type PolicyType,
  type Restore,
} from "../../../lib/api/index.js";
import { UsageError } from "../../errors.js";

/** The parsed `restore create` flags that shape the Restore. */
export interface RestoreSpecOptions {
  readonly fromBackup?: string;
  readonly fromSchedule?: string;
  readonly includeNamespaces?: string[];
  readonly excludeNamespaces?: string[];
  readonly includeResources?: string[];
  readonly excludeResources?: string[];
  readonly namespaceMappings?: Record<string, string>;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
  readonly existingResourcePolicy?: string;
  readonly statusIncludeResources?: string[];
  readonly statusExcludeResources?: string[];
  readonly selector?: LabelSelector;
  readonly orSelector?: LabelSelector[];
  readonly itemOperationTimeout?: string;
  readonly restoreVolumes?: boolean;
  readonly preserveNodeports?: boolean;
  readonly includeClusterResources?: boolean;
  readonly resourceModifierConfigmap?: string;
  readonly writeSparseFiles?: boolean;
  readonly parallelFilesDownload?: number;
}

/** Velero's check of `--existing-resource-policy` (empty means unset). */
export function parseExistingResourcePolicy(value: string | undefined): PolicyType | undefined {
  if (value === undefined || value === "") return undefined;
  const policy = EXISTING_RESOURCE_POLICIES.find((p) => p === value);
  if (policy === undefined) {
    throw new UsageError(
      "existing-resource-policy has invalid value, it accepts only none, update as value",
    );
  }
  return policy;
}

/** The Restore the flags describe (Velero always writes `uploaderConfig`). */
export function buildRestore(input: {
  readonly namespace: string;
  readonly name: string;
  readonly options: RestoreSpecOptions;
}): Restore {
  const { options } = input;
  const restore: Restore = {
    apiVersion: "velero.io/v1",
    kind: "Restore",
    metadata: { namespace: input.namespace, name: input.name },
    spec: {
      includedNamespaces: options.includeNamespaces ?? ["*"],
      itemOperationTimeout: options.itemOperationTimeout ?? "0s",
      uploaderConfig: {
        ...(options.writeSparseFiles === undefined
          ? {}
          : { writeSparseFiles: options.writeSparseFiles }),
        parallelFilesDownload: options.parallelFilesDownload ?? 0,
      },
    },
  };
  copyDefined(restore.metadata, {
    labels: nonEmpty(options.labels),
    annotations: nonEmpty(options.annotations),
  });
  copyDefined(restore.spec, {
    backupName: blankToUndefined(options.fromBackup),
    scheduleName: blankToUndefined(options.fromSchedule),
    excludedNamespaces: options.excludeNamespaces,
    includedResources: options.includeResources,
    excludedResources: options.excludeResources,
    existingResourcePolicy: parseExistingResourcePolicy(options.existingResourcePolicy),
    namespaceMapping: nonEmpty(options.namespaceMappings),
    labelSelector: options.selector,
    orLabelSelectors: options.orSelector,
    restorePVs: options.restoreVolumes,
    preserveNodePorts: options.preserveNodeports,
    includeClusterResources: options.includeClusterResources,
    resourceModifier: modifierRef(options.resourceModifierConfigmap),
    restoreStatus:
      (options.statusIncludeResources?.length ?? 0) > 0
        ? {
            includedResources: options.statusIncludeResources,
            ...(options.statusExcludeResources === undefined
              ? {}
              : { excludedResources: options.statusExcludeResources }),
          }
        : undefined,
  });
  return restore;
}

function modifierRef(name: string | undefined): Restore["spec"]["resourceModifier"] {
  return name === undefined || name === "" ? undefined : { apiGroup: "", kind: "configmap", name };
}

function blankToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

function nonEmpty<T extends object>(value: T | undefined): T | undefined {
  return value === undefined || Object.keys(value).length === 0 ? undefined : value;
}

function copyDefined(target: object, values: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined) Object.assign(target, { [key]: value });
  }
}

/**
 * Velero's pick for `--from-schedule --allow-partially-failed`: the backup with the latest
 * start time whose phase is one of `phases`, or undefined.
 */
export function mostRecentBackup(
  backups: readonly Backup[],
  phases: readonly BackupPhase[],
): Backup | undefined {
  const started = (b: Backup): number => Date.parse(b.status?.startTimestamp ?? "") || 0;
  return [...backups]
    .sort((a, b) => started(b) - started(a))
    .find((b) => phases.includes(b.status?.phase ?? "New"));
}
