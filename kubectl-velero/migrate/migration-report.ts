// Step 7's pure core: what arrived on the target, per resource type, from the backup's resource
// list, the restore's resource list and results, and its pod volume restores; and the rule for
// the exit code (everything arrived).
import type { ResourceListFile } from "./api-versions.js";

/** Velero's `Result`: messages for Velero itself, the cluster, and per namespace. */
export interface ResultMessages {
  readonly velero?: readonly string[];
  readonly cluster?: readonly string[];
  readonly namespaces?: Readonly<Record<string, readonly string[]>>;
}

/** The restore's results file: `{"warnings": Result, "errors": Result}`. */
export interface RestoreResultsFile {
  readonly warnings?: ResultMessages;
  readonly errors?: ResultMessages;
}

/** One resource type's counts. */
export interface ResourceRow {
  /** `<apiVersion>/<Kind>`. */
  readonly resource: string;
  readonly inBackup: number;
  readonly created: number;
  readonly updated: number;
  readonly skipped: number;
  readonly failed: number;
  /** Found on the target (when the restore's own outcomes could not be read). */
  readonly present: number;
}

/** An object of the backup that is not on the target as backed up. */
export interface MissingItem {
  readonly resource: string;
  /** `namespace/name` on the target, or `name` for cluster-scoped objects. */
  readonly item: string;
  readonly reason: string;
  /** True when Velero never restores it (events, nodes, ...): does not fail the migration. */
  readonly byDesign: boolean;
}

/** Pod volume data restored (file-system backup). */
export interface PodVolumeSummary {
  readonly volumes: number;
  readonly completed: number;
  readonly failed: number;
  readonly bytesRestored: number;
}

/** Everything `migrate` reports at the end. */
export interface MigrationReport {
  readonly from: string;
  readonly to: string;
  readonly backup: string;
  readonly restore: string;
  readonly restorePhase: string;
  readonly resources: readonly ResourceRow[];
  readonly notArrived: readonly MissingItem[];
  readonly warnings: readonly string[];
  readonly errors: readonly string[];
  readonly podVolumes?: PodVolumeSummary | undefined;
  /** Remarks on how the report was made (e.g. outcomes checked on the target). */
  readonly notes: readonly string[];
  /** The exit-code rule: see {@link everythingArrived}. */
  readonly arrived: boolean;
}

/** What {@link buildMigrationReport} reads. */
export interface ReportInput {
  readonly from: string;
  readonly to: string;
  readonly backup: string;
  readonly restore: string;
  readonly restorePhase: string;
  readonly backupList: ResourceListFile;
  readonly restoreList: ResourceListFile;
  readonly results: RestoreResultsFile;
  readonly namespaceMappings?: Readonly<Record<string, string>> | undefined;
  readonly podVolumes?: PodVolumeSummary | undefined;
  readonly notes?: readonly string[] | undefined;
}

/**
 * An item's outcome: Velero's four, or `present` when the restore's own list is unavailable
 * and the object was found on the target instead.
 */
type Outcome = "created" | "updated" | "skipped" | "failed" | "present";

/** `ns/name(created)` ⇒ item and outcome; undefined for anything else. */
export function parseRestoreEntry(entry: string): { item: string; outcome: Outcome } | undefined {
  const match = /^(.*)\((created|updated|skipped|failed|present)\)$/.exec(entry);
  if (match === null) return undefined;
  return { item: match[1] ?? "", outcome: match[2] as Outcome };
}

/** Kinds Velero never restores (its `nonRestorableResources`), by `<group>/<Kind>`. */
const neverRestored = new Set([
  "/Node",
  "/Event",
  "events.k8s.io/Event",
  "velero.io/Backup",
  "velero.io/Restore",
  "velero.io/ResticRepository",
  "velero.io/BackupRepository",
  "storage.k8s.io/CSINode",
  "storage.k8s.io/VolumeAttachment",
]);

function groupKind(resource: string): string {
  const parts = resource.split("/");
  const kind = parts[parts.length - 1] ?? "";
  return parts.length === 3 ? `${parts[0] ?? ""}/${kind}` : `/${kind}`;
}

function byDesignReason(resource: string): string | undefined {
  if (neverRestored.has(groupKind(resource))) return "Velero never restores this kind";
  if (resource === "v1/PersistentVolume") {
    return "not restored as is: its claim is provisioned anew on the target";
  }
  return undefined;
}

/**
 * The target-side key of a backed-up item under the namespace mappings: `ns/name` moves to the
 * mapped namespace, and a Namespace is restored under its mapped name.
 */
export function mappedItem(
  resource: string,
  item: string,
  mappings: Readonly<Record<string, string>>,
): string {
  const slash = item.indexOf("/");
  if (slash < 0) return resource === "v1/Namespace" ? (mappings[item] ?? item) : item;
  const namespace = item.slice(0, slash);
  return `${mappings[namespace] ?? namespace}${item.slice(slash)}`;
}

const clusterOwnedReason = "each cluster publishes its own (the target kept its version)";

/** Objects every cluster creates itself in each namespace with its own content (its CA). */
function isClusterOwned(resource: string, item: string): boolean {
  return resource === "v1/ConfigMap" && item.endsWith("/kube-root-ca.crt");
}

function flatten(result: ResultMessages | undefined): string[] {
  if (result === undefined) return [];
  const lines = [
    ...(result.velero ?? []).map((m) => `velero: ${m}`),
    ...(result.cluster ?? []).map((m) => `cluster: ${m}`),
  ];
  const namespaces = Object.keys(result.namespaces ?? {}).sort();
  for (const ns of namespaces) {
    for (const message of result.namespaces?.[ns] ?? []) lines.push(`${ns}: ${message}`);
  }
  return lines;
}

function messagesAbout(result: ResultMessages | undefined, item: string): string[] {
  const slash = item.indexOf("/");
  const namespace = slash < 0 ? undefined : item.slice(0, slash);
  const name = slash < 0 ? item : item.slice(slash + 1);
  const pool =
    namespace === undefined ? (result?.cluster ?? []) : (result?.namespaces?.[namespace] ?? []);
  return pool.filter((m) => m.includes(`"${name}"`) || m.includes(`:${name}`));
}

const differsMarker = "in-cluster version is different than the backed-up version";

interface RestoredType {
  readonly outcomes: Map<string, Outcome>;
}

function restoredTypes(list: ResourceListFile): Map<string, RestoredType> {
  const types = new Map<string, RestoredType>();
  for (const [resource, entries] of Object.entries(list)) {
    const map = new Map<string, Outcome>();
    for (const entry of entries) {
      const parsed = parseRestoreEntry(entry);
      if (parsed !== undefined) map.set(parsed.item, parsed.outcome);
    }
    types.set(resource, { outcomes: map });
  }
  return types;
}

function countRow(resource: string, inBackup: number, restored: RestoredType | undefined) {
  const counts: Record<Outcome, number> = {
    created: 0,
    updated: 0,
    skipped: 0,
    failed: 0,
    present: 0,
  };
  for (const outcome of restored?.outcomes.values() ?? []) counts[outcome] += 1;
  return { resource, inBackup, ...counts };
}

function missingReason(
  outcome: Outcome | undefined,
  item: string,
  results: RestoreResultsFile,
): string | undefined {
  if (outcome === "created" || outcome === "updated" || outcome === "present") return undefined;
  const differs = messagesAbout(results.warnings, item).some((m) => m.includes(differsMarker));
  if (differs) {
    return "exists on the target with different content (--existing-resource-policy update replaces it)";
  }
  if (outcome === "skipped") return undefined;
  const errors = messagesAbout(results.errors, item);
  if (outcome === "failed") return errors[0] ?? "failed (see the restore's errors)";
  return (
    errors[0] ?? "not restored (not in the restore's resource list, or not found on the target)"
  );
}

function missingItems(
  resource: string,
  items: readonly string[],
  context: { restored: RestoredType | undefined; input: ReportInput },
): MissingItem[] {
  const missing: MissingItem[] = [];
  const design = byDesignReason(resource);
  for (const backedUp of items) {
    const item = mappedItem(resource, backedUp, context.input.namespaceMappings ?? {});
    const outcome = context.restored?.outcomes.get(item);
    if (outcome === undefined && design !== undefined) {
      missing.push({ resource, item, reason: design, byDesign: true });
      continue;
    }
    const reason = missingReason(outcome, item, context.input.results);
    if (reason === undefined) continue;
    if (isClusterOwned(resource, item)) {
      missing.push({ resource, item, reason: clusterOwnedReason, byDesign: true });
      continue;
    }
    missing.push({ resource, item, reason, byDesign: false });
  }
  return missing;
}

/** Builds the report; see {@link everythingArrived} for the rule behind `arrived`. */
export function buildMigrationReport(input: ReportInput): MigrationReport {
  const restored = restoredTypes(input.restoreList);
  const keys = [...new Set([...Object.keys(input.backupList), ...restored.keys()])].sort();
  const resources: ResourceRow[] = [];
  const notArrived: MissingItem[] = [];
  for (const resource of keys) {
    const items = input.backupList[resource] ?? [];
    const types = restored.get(resource);
    resources.push(countRow(resource, items.length, types));
    notArrived.push(...missingItems(resource, items, { restored: types, input }));
  }
  const report = {
    from: input.from,
    to: input.to,
    backup: input.backup,
    restore: input.restore,
    restorePhase: input.restorePhase,
    resources,
    notArrived,
    warnings: flatten(input.results.warnings),
    errors: flatten(input.results.errors),
    podVolumes: input.podVolumes,
    notes: input.notes ?? [],
  };
  return { ...report, arrived: everythingArrived(report) };
}

/**
 * The exit-code rule: everything arrived when the restore ended `Completed` with no errors, no
 * pod volume restore failed, and every backed-up object is on the target: created, updated, or
 * skipped because an identical object existed there already (identical existing objects have
 * arrived). An object skipped because a different one exists, a failed one, and one the restore
 * did not handle, have not (Velero lists an object it found different as failed or skipped) (except the `kube-root-ca.crt` ConfigMap every cluster publishes
 * with its own CA). Kinds Velero never restores (events, nodes, ...) and
 * PersistentVolumes provisioned anew are listed but do not count. Warnings alone do not count.
 */
export function everythingArrived(report: Omit<MigrationReport, "arrived">): boolean {
  return (
    report.restorePhase === "Completed" &&
    report.errors.length === 0 &&
    (report.podVolumes?.failed ?? 0) === 0 &&
    report.notArrived.every((m) => m.byDesign)
  );
}
