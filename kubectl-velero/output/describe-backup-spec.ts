// The "what to back up" part of `backup describe` (also a schedule's template): namespaces,
// resources, selectors, location, snapshot settings, TTL, timeouts, hooks, ordered resources.
import type { BackupResourceHookSpec, BackupSpec } from "../../lib/api/index.js";
import { formatLabelSelector } from "../flags/label-selector.js";
import type { Describer } from "./describer.js";
import { boolPointerString, goDuration, joinOr } from "./go-values.js";

const none = "<none>";

/** Velero's rule: old resource filters unless only the new scoped ones are set. */
export function usesOldResourceFilters(spec: BackupSpec): boolean {
  const noNew =
    spec.includedClusterScopedResources === undefined &&
    spec.excludedClusterScopedResources === undefined &&
    spec.includedNamespaceScopedResources === undefined &&
    spec.excludedNamespaceScopedResources === undefined;
  const hasOld =
    spec.includedResources !== undefined ||
    spec.excludedResources !== undefined ||
    spec.includeClusterResources !== undefined;
  return noNew || hasOld;
}

/** Writes a BackupSpec as Velero's `DescribeBackupSpec` does. */
export function describeBackupSpec(d: Describer, spec: BackupSpec): void {
  d.printf("Namespaces:\n");
  d.printf(`\tIncluded:\t${joinOr(spec.includedNamespaces, "*")}\n`);
  d.printf(`\tExcluded:\t${joinOr(spec.excludedNamespaces, none)}\n`);
  d.println();
  d.printf("Resources:\n");
  describeResourceFilters(d, spec);
  d.println();
  d.printf(
    `Label selector:\t${spec.labelSelector === undefined ? none : formatLabelSelector(spec.labelSelector)}\n`,
  );
  d.println();
  const or = (spec.orLabelSelectors ?? []).map((s) => formatLabelSelector(s));
  d.printf(`Or label selector:\t${or.length === 0 ? none : or.join(" or ")}\n`);
  d.println();
  d.printf(`Storage Location:\t${spec.storageLocation ?? ""}\n`);
  d.println();
  describeSnapshotSettings(d, spec);
  d.println();
  d.printf(`TTL:\t${goDuration(spec.ttl)}\n`);
  d.println();
  d.printf(`CSISnapshotTimeout:\t${goDuration(spec.csiSnapshotTimeout)}\n`);
  d.printf(`ItemOperationTimeout:\t${goDuration(spec.itemOperationTimeout)}\n`);
  d.println();
  describeHooks(d, spec.hooks?.resources ?? []);
  if (spec.orderedResources !== undefined) {
    d.println();
    d.printf("OrderedResources:\n");
    for (const [key, value] of Object.entries(spec.orderedResources))
      d.printf(`\t${key}: ${value}\n`);
  }
}

function describeResourceFilters(d: Describer, spec: BackupSpec): void {
  if (usesOldResourceFilters(spec)) {
    d.printf(`\tIncluded:\t${joinOr(spec.includedResources, "*")}\n`);
    d.printf(`\tExcluded:\t${joinOr(spec.excludedResources, none)}\n`);
    const cluster = boolPointerString(spec.includeClusterResources, {
      whenFalse: "excluded",
      whenTrue: "included",
      whenUnset: "auto",
    });
    d.printf(`\tCluster-scoped:\t${cluster}\n`);
    return;
  }
  d.printf(`\tIncluded cluster-scoped:\t${joinOr(spec.includedClusterScopedResources, none)}\n`);
  d.printf(`\tExcluded cluster-scoped:\t${joinOr(spec.excludedClusterScopedResources, none)}\n`);
  d.printf(`\tIncluded namespace-scoped:\t${joinOr(spec.includedNamespaceScopedResources, "*")}\n`);
  d.printf(
    `\tExcluded namespace-scoped:\t${joinOr(spec.excludedNamespaceScopedResources, none)}\n`,
  );
}

function describeSnapshotSettings(d: Describer, spec: BackupSpec): void {
  const texts = { whenFalse: "false", whenTrue: "true", whenUnset: "auto" };
  d.printf(`Velero-Native Snapshot PVs:\t${boolPointerString(spec.snapshotVolumes, texts)}\n`);
  if (spec.defaultVolumesToFsBackup !== undefined) {
    d.printf(`File System Backup (Default):\t${String(spec.defaultVolumesToFsBackup)}\n`);
  }
  d.printf(`Snapshot Move Data:\t${boolPointerString(spec.snapshotMoveData, texts)}\n`);
  const mover = spec.datamover === undefined || spec.datamover === "" ? "velero" : spec.datamover;
  d.printf(`Data Mover:\t${mover}\n`);
}

function describeHooks(d: Describer, hooks: readonly BackupResourceHookSpec[]): void {
  if (hooks.length === 0) {
    d.printf(`Hooks:\t${none}\n`);
    return;
  }
  d.printf("Hooks:\n");
  d.printf("\tResources:\n");
  for (const hook of hooks) {
    d.printf(`\t\t${hook.name}:\n`);
    d.printf("\t\t\tNamespaces:\n");
    d.printf(`\t\t\t\tIncluded:\t${joinOr(hook.includedNamespaces, "*")}\n`);
    d.printf(`\t\t\t\tExcluded:\t${joinOr(hook.excludedNamespaces, none)}\n`);
    d.println();
    d.printf("\t\t\tResources:\n");
    d.printf(`\t\t\t\tIncluded:\t${joinOr(hook.includedResources, "*")}\n`);
    d.printf(`\t\t\t\tExcluded:\t${joinOr(hook.excludedResources, none)}\n`);
    d.println();
    const selector =
      hook.labelSelector === undefined ? none : formatLabelSelector(hook.labelSelector);
    d.printf(`\t\t\tLabel selector:\t${selector}\n`);
    for (const [title, list] of [
      ["Pre", hook.pre],
      ["Post", hook.post],
    ] as const) {
      for (const { exec } of list ?? []) {
        d.println();
        d.printf(`\t\t\t${title} Exec Hook:\n`);
        d.printf(`\t\t\t\tContainer:\t${exec.container ?? ""}\n`);
        d.printf(`\t\t\t\tCommand:\t${exec.command.join(" ")}\n`);
        d.printf(`\t\t\t\tOn Error:\t${exec.onError ?? ""}\n`);
        d.printf(`\t\t\t\tTimeout:\t${goDuration(exec.timeout)}\n`);
      }
    }
  }
}
