// The flags that describe a backup, defined once for `backup create` and `schedule create`,
// their client-side checks, and the BackupSpec they build (as Velero's BackupBuilder does).
import { InvalidArgumentError, Option, type Command } from "commander";
import type { BackupSpec, LabelSelector } from "../../lib/api/index.js";
import { UsageError } from "../errors.js";
import { optionalBoolOptions } from "./boolean-flags.js";
import { parseCountFlag, parseDurationFlag } from "./duration.js";
import {
  includeExcludeProblems,
  namespaceFilterProblems,
  scopedIncludeExcludeProblems,
  throwProblems,
} from "./include-exclude.js";
import { parseLabelSelector, parseOrLabelSelectors } from "./label-selector.js";
import { parseKeyValueMap, parseStringList } from "./string-list.js";

/** The parsed backup flags (commander's camelCase names). */
export interface BackupFilterOptions {
  readonly includeNamespaces?: string[];
  readonly excludeNamespaces?: string[];
  readonly includeResources?: string[];
  readonly excludeResources?: string[];
  readonly includeClusterScopedResources?: string[];
  readonly excludeClusterScopedResources?: string[];
  readonly includeNamespaceScopedResources?: string[];
  readonly excludeNamespaceScopedResources?: string[];
  readonly includeClusterResources?: boolean;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
  readonly selector?: LabelSelector;
  readonly orSelector?: LabelSelector[];
  readonly storageLocation?: string;
  readonly volumeSnapshotLocations?: string[];
  readonly ttl?: string;
  readonly snapshotVolumes?: boolean;
  readonly snapshotMoveData?: boolean;
  readonly defaultVolumesToFsBackup?: boolean;
  readonly orderedResources?: Record<string, string>;
  readonly csiSnapshotTimeout?: string;
  readonly itemOperationTimeout?: string;
  readonly resourcePoliciesConfigmap?: string;
  readonly dataMover?: string;
  readonly parallelFilesUpload?: number;
}

const listFlags: readonly (readonly [string, string])[] = [
  ["include-namespaces", "namespaces to include in the backup (use '*' for all namespaces)"],
  ["exclude-namespaces", "namespaces to exclude from the backup"],
  ["include-resources", "resources to include, as resource.group (use '*' for all resources)"],
  ["exclude-resources", "resources to exclude, as resource.group"],
  ["include-cluster-scoped-resources", "cluster-scoped resources to include (new filters)"],
  ["exclude-cluster-scoped-resources", "cluster-scoped resources to exclude (new filters)"],
  ["include-namespace-scoped-resources", "namespaced resources to include (new filters)"],
  ["exclude-namespace-scoped-resources", "namespaced resources to exclude (new filters)"],
];

/** Adds every backup-describing flag of Velero's `backup create` (not `--wait`/`--from-schedule`). */
export function addBackupFilterFlags(command: Command): Command {
  for (const [name, help] of listFlags) {
    command.addOption(new Option(`--${name} <list>`, help).argParser(parseStringList));
  }
  const options = [
    ...optionalBoolOptions("include-cluster-resources", "include cluster-scoped resources"),
    new Option("--labels <map>", "labels to apply to the backup").argParser(parseKeyValueMap),
    new Option("--annotations <map>", "annotations to apply").argParser(parseKeyValueMap),
    new Option(
      "-l, --selector <selector>",
      "only back up resources matching this label selector",
    ).argParser(parseLabelSelector),
    new Option(
      "--or-selector <selectors>",
      "back up resources matching any selector ('a=b or c=d')",
    ).argParser(parseOrLabelSelectors),
    new Option("--storage-location <name>", "location in which to store the backup"),
    new Option("--volume-snapshot-locations <list>", "locations for volume snapshots").argParser(
      parseStringList,
    ),
    new Option("--ttl <duration>", "how long before the backup can be garbage collected").argParser(
      parseDurationFlag,
    ),
    ...optionalBoolOptions("snapshot-volumes", "take snapshots of PersistentVolumes"),
    ...optionalBoolOptions("snapshot-move-data", "move snapshot data to the backup storage"),
    ...optionalBoolOptions("default-volumes-to-fs-backup", "use file-system backup by default"),
    new Option(
      "--ordered-resources <map>",
      "pods=ns1/pod1,ns1/pod2;persistentvolumeclaims=ns1/pvc4",
    ).argParser(parseOrderedResources),
    new Option("--csi-snapshot-timeout <duration>", "how long to wait for CSI snapshots").argParser(
      parseDurationFlag,
    ),
    new Option(
      "--item-operation-timeout <duration>",
      "how long to wait for async operations",
    ).argParser(parseDurationFlag),
    new Option("--resource-policies-configmap <name>", "resource policies ConfigMap to use"),
    new Option("--data-mover <name>", "data mover to use (default: the built-in one)"),
    new Option(
      "--parallel-files-upload <n>",
      "files uploaded at once by file-system backup",
    ).argParser(parseCountFlag),
  ];
  for (const option of options) command.addOption(option);
  return command;
}

/** Velero's `--ordered-resources` syntax: `kind=ns/a,ns/b;kind2=name`. */
export function parseOrderedResources(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of value.split(";")) {
    const parts = entry.split("=");
    if (parts.length !== 2) throw new InvalidArgumentError(`invalid OrderedResources '${entry}'`);
    out[(parts[0] ?? "").trim()] = (parts[1] ?? "").trim();
  }
  return out;
}

const oldFilters = ["includeResources", "excludeResources"] as const;
const newFilters = [
  "includeClusterScopedResources",
  "excludeClusterScopedResources",
  "includeNamespaceScopedResources",
  "excludeNamespaceScopedResources",
] as const;

/** True when old (`--include-resources`...) and new (`--include-*-scoped-resources`) filters mix. */
export function mixesOldAndNewFilters(options: BackupFilterOptions): boolean {
  const hasOld =
    oldFilters.some((key) => (options[key]?.length ?? 0) > 0) ||
    options.includeClusterResources !== undefined;
  const hasNew = newFilters.some((key) => (options[key]?.length ?? 0) > 0);
  return hasOld && hasNew;
}

/** Refuses `--selector` together with `--or-selector`, with Velero's message. */
export function requireOneSelectorKind(options: {
  readonly selector?: unknown;
  readonly orSelector?: unknown;
}): void {
  if (options.selector !== undefined && options.orSelector !== undefined) {
    throw new UsageError("either a 'selector' or an 'or-selector' can be specified, but not both");
  }
}

/** Velero's client-side checks of the backup flags; throws {@link UsageError} naming the problem. */
export function validateBackupFilters(options: BackupFilterOptions): void {
  requireOneSelectorKind(options);
  throwProblems(
    namespaceFilterProblems(options.includeNamespaces ?? ["*"], options.excludeNamespaces ?? []),
  );
  if (mixesOldAndNewFilters(options)) {
    throw new UsageError(
      "include-resources, exclude-resources and include-cluster-resources are old filter parameters.\n" +
        "include-cluster-scoped-resources, exclude-cluster-scoped-resources, include-namespace-scoped-resources and exclude-namespace-scoped-resources are new filter parameters.\n" +
        "They cannot be used together",
    );
  }
  throwProblems(resourceFilterProblems(options));
}

function resourceFilterProblems(options: BackupFilterOptions): string[] {
  return [
    ...includeExcludeProblems(options.includeResources ?? [], options.excludeResources ?? []),
    ...scopedIncludeExcludeProblems(
      options.includeClusterScopedResources ?? [],
      options.excludeClusterScopedResources ?? [],
    ),
    ...scopedIncludeExcludeProblems(
      options.includeNamespaceScopedResources ?? [],
      options.excludeNamespaceScopedResources ?? [],
    ),
  ];
}

/** Every resource name the flags mention (for checking them against discovery). */
export function resourceNamesOf(options: BackupFilterOptions): string[] {
  const names = [...oldFilters, ...newFilters].flatMap((key) => options[key] ?? []);
  return [...new Set(names)].filter((name) => name !== "*" && name !== "");
}

/** The BackupSpec the flags describe, field for field as Velero's `backup create` builds it. */
export function buildBackupSpec(options: BackupFilterOptions): BackupSpec {
  const spec: BackupSpec = {
    metadata: {},
    includedNamespaces: options.includeNamespaces ?? ["*"],
    ttl: options.ttl ?? "0s",
    csiSnapshotTimeout: options.csiSnapshotTimeout ?? "0s",
    itemOperationTimeout: options.itemOperationTimeout ?? "0s",
    hooks: {},
  };
  copyLists(spec, options);
  copyScalars(spec, options);
  if (options.resourcePoliciesConfigmap !== undefined && options.resourcePoliciesConfigmap !== "") {
    spec.resourcePolicy = { kind: "configmap", name: options.resourcePoliciesConfigmap };
  }
  if ((options.parallelFilesUpload ?? 0) > 0) {
    spec.uploaderConfig = { parallelFilesUpload: options.parallelFilesUpload };
  }
  return spec;
}

function copyLists(spec: BackupSpec, options: BackupFilterOptions): void {
  const lists: [keyof BackupSpec, string[] | undefined][] = [
    ["excludedNamespaces", options.excludeNamespaces],
    ["includedResources", options.includeResources],
    ["excludedResources", options.excludeResources],
    ["includedClusterScopedResources", options.includeClusterScopedResources],
    ["excludedClusterScopedResources", options.excludeClusterScopedResources],
    ["includedNamespaceScopedResources", options.includeNamespaceScopedResources],
    ["excludedNamespaceScopedResources", options.excludeNamespaceScopedResources],
    ["volumeSnapshotLocations", options.volumeSnapshotLocations],
  ];
  for (const [key, value] of lists) {
    if (value !== undefined && value.length > 0) Object.assign(spec, { [key]: value });
  }
}

function copyScalars(spec: BackupSpec, options: BackupFilterOptions): void {
  const scalars: Partial<BackupSpec> = {
    labelSelector: options.selector,
    orLabelSelectors: options.orSelector,
    storageLocation: options.storageLocation === "" ? undefined : options.storageLocation,
    snapshotVolumes: options.snapshotVolumes,
    snapshotMoveData: options.snapshotMoveData,
    includeClusterResources: options.includeClusterResources,
    defaultVolumesToFsBackup: options.defaultVolumesToFsBackup,
    orderedResources: options.orderedResources,
    datamover: options.dataMover === "" ? undefined : options.dataMover,
  };
  for (const [key, value] of Object.entries(scalars) as [string, unknown][]) {
    if (value !== undefined) Object.assign(spec, { [key]: value });
  }
}
