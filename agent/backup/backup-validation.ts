// The pure half of preparing a backup: Velero's validation messages for a Backup spec, and
// the defaults and automatic exclusions the server writes into the spec when a backup starts.
import {
  formatDuration,
  parseDuration,
  VOLUME_GROUP_LABEL,
  type BackupSpec,
} from "../../lib/api/index.js";
import {
  usesNewFilters,
  usesOldFilters,
  validateIncludesExcludes,
  validateNamespaceIncludesExcludes,
  validateScopedIncludesExcludes,
} from "../filters/index.js";

/** Namespace-scoped types a backup never collects (CSI intermediates Velero creates itself). */
export const autoExcludedNamespaceScopedResources = ["volumesnapshots.snapshot.storage.k8s.io"];
/** Cluster-scoped types a backup never collects. */
export const autoExcludedClusterScopedResources = [
  "volumesnapshotcontents.snapshot.storage.k8s.io",
];

const mixedFiltersMessage =
  "include-resources, exclude-resources and include-cluster-resources are old filter parameters.\n" +
  "include-cluster-scoped-resources, exclude-cluster-scoped-resources, include-namespace-scoped-resources and exclude-namespace-scoped-resources are new filter parameters.\n" +
  "They cannot be used together";

const bothSelectorsMessage =
  "encountered labelSelector as well as orLabelSelectors in backup spec, only one can be specified";

/**
 * Velero's validation of a Backup spec's filters and selectors, in Velero's order. Location
 * checks live in backup-request.ts. Returns the `status.validationErrors` messages.
 */
export function validateBackupSpec(spec: BackupSpec): string[] {
  const errors: string[] = [];
  if (usesOldFilters(spec) && usesNewFilters(spec)) errors.push(mixedFiltersMessage);
  errors.push(...resourceListErrors(spec));
  const includes = listOf(spec.includedNamespaces);
  for (const e of validateNamespaceIncludesExcludes(
    includes.length === 0 ? ["*"] : includes,
    listOf(spec.excludedNamespaces),
  )) {
    errors.push(`Invalid included/excluded namespace lists: ${e}`);
  }
  if (spec.orLabelSelectors !== undefined && spec.labelSelector !== undefined) {
    errors.push(bothSelectorsMessage);
  }
  return errors;
}

function listOf(list: readonly string[] | undefined): readonly string[] {
  return list ?? [];
}

function resourceListErrors(spec: BackupSpec): string[] {
  if (usesOldFilters(spec)) {
    return validateIncludesExcludes(
      listOf(spec.includedResources),
      listOf(spec.excludedResources),
    ).map((e) => `Invalid included/excluded resource lists: ${e}`);
  }
  const cluster = validateScopedIncludesExcludes(
    listOf(spec.includedClusterScopedResources),
    listOf(spec.excludedClusterScopedResources),
  ).map((e) => `Invalid cluster-scoped included/excluded resource lists: ${e}`);
  const namespaced = validateScopedIncludesExcludes(
    listOf(spec.includedNamespaceScopedResources),
    listOf(spec.excludedNamespaceScopedResources),
  ).map((e) => `Invalid namespace-scoped included/excluded resource lists: ${e}`);
  return [...cluster, ...namespaced];
}

/** Server settings that fill a spec's blanks. */
export interface SpecDefaults {
  readonly defaultBackupTtlMs: number;
  readonly defaultVolumesToFsBackup: boolean;
  readonly defaultSnapshotMoveData: boolean;
  /** The resolved BackupStorageLocation name. */
  readonly storageLocation: string;
  /** Namespaces labelled `velero.io/exclude-from-backup=true`. */
  readonly labelledExcludedNamespaces: readonly string[];
  /** Resolved VolumeSnapshotLocation names, or undefined to leave the field alone. */
  readonly volumeSnapshotLocations?: readonly string[] | undefined;
}

const csiSnapshotTimeoutMs = 10 * 60_000;
const itemOperationTimeoutMs = 4 * 3_600_000;

function isZero(duration: string | undefined): boolean {
  if (duration === undefined || duration === "") return true;
  try {
    return parseDuration(duration) === 0;
  } catch {
    return false;
  }
}

/**
 * The spec as Velero's server rewrites it when the backup starts: TTL and timeouts defaulted,
 * `defaultVolumesToRestic` folded into `defaultVolumesToFsBackup`, the location and snapshot
 * locations resolved, labelled namespaces added to the excludes, the CSI intermediates added
 * to the resource excludes (and removed from the includes), and empty includedNamespaces
 * normalised to `["*"]`.
 */
export function applySpecDefaults(spec: BackupSpec, defaults: SpecDefaults): BackupSpec {
  const out: BackupSpec = structuredClone(spec);
  applyDurations(out, defaults);
  if (out.defaultVolumesToRestic === true) out.defaultVolumesToFsBackup = true;
  out.defaultVolumesToFsBackup ??= defaults.defaultVolumesToFsBackup;
  out.snapshotMoveData ??= defaults.defaultSnapshotMoveData;
  out.storageLocation = defaults.storageLocation;
  const vsls = defaults.volumeSnapshotLocations;
  if (vsls !== undefined && vsls.length === 0) delete out.volumeSnapshotLocations;
  else if (vsls !== undefined) out.volumeSnapshotLocations = [...vsls];
  if (defaults.labelledExcludedNamespaces.length > 0) {
    out.excludedNamespaces = [
      ...listOf(out.excludedNamespaces),
      ...defaults.labelledExcludedNamespaces,
    ];
  }
  addAutoExcludes(out);
  if (listOf(out.includedNamespaces).length === 0) out.includedNamespaces = ["*"];
  return out;
}

function applyDurations(out: BackupSpec, defaults: SpecDefaults): void {
  if (isZero(out.ttl)) out.ttl = formatDuration(defaults.defaultBackupTtlMs);
  if ((out.volumeGroupSnapshotLabelKey ?? "") === "") {
    out.volumeGroupSnapshotLabelKey = VOLUME_GROUP_LABEL;
  }
  if (isZero(out.csiSnapshotTimeout)) out.csiSnapshotTimeout = formatDuration(csiSnapshotTimeoutMs);
  if (isZero(out.itemOperationTimeout)) {
    out.itemOperationTimeout = formatDuration(itemOperationTimeoutMs);
  }
}

type ListField = keyof Pick<
  BackupSpec,
  | "includedResources"
  | "excludedResources"
  | "includedClusterScopedResources"
  | "excludedClusterScopedResources"
  | "includedNamespaceScopedResources"
  | "excludedNamespaceScopedResources"
>;

function addAutoExcludes(spec: BackupSpec): void {
  if (usesOldFilters(spec)) {
    const auto = [...autoExcludedNamespaceScopedResources, ...autoExcludedClusterScopedResources];
    addExcludes(spec, ["includedResources", "excludedResources"], auto, validateIncludesExcludes);
    return;
  }
  addExcludes(
    spec,
    ["includedClusterScopedResources", "excludedClusterScopedResources"],
    autoExcludedClusterScopedResources,
    validateScopedIncludesExcludes,
  );
  addExcludes(
    spec,
    ["includedNamespaceScopedResources", "excludedNamespaceScopedResources"],
    autoExcludedNamespaceScopedResources,
    validateScopedIncludesExcludes,
  );
}

function addExcludes(
  spec: BackupSpec,
  [includeField, excludeField]: readonly [ListField, ListField],
  added: readonly string[],
  validate: (inc: readonly string[], exc: readonly string[]) => string[],
): void {
  const lists = withExcludes(spec[includeField], spec[excludeField], added, validate);
  if (lists === undefined) return;
  if (lists[0] !== undefined) spec[includeField] = lists[0];
  spec[excludeField] = lists[1];
}

/**
 * Velero's modifyResourceIncludeExclude: add missing excludes and drop them from the includes;
 * undefined (lists left alone) when the lists do not validate.
 */
function withExcludes(
  includes: string[] | undefined,
  excludes: string[] | undefined,
  added: readonly string[],
  validate: (inc: readonly string[], exc: readonly string[]) => string[],
): [string[] | undefined, string[]] | undefined {
  if (validate(listOf(includes), listOf(excludes)).length > 0) return undefined;
  const outExcludes = [...listOf(excludes)];
  for (const item of added) if (!outExcludes.includes(item)) outExcludes.push(item);
  const outIncludes = includes?.filter((i) => !outExcludes.includes(i));
  return [outIncludes, outExcludes];
}
