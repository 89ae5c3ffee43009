// Turns a new Restore into a runnable one as Velero's restore controller does: validation with
// Velero's messages, the non-restorable resources added to the excludes, the schedule resolved
// to its latest Completed backup, and the backup and its storage location looked up.
import {
  EXISTING_RESOURCE_POLICIES,
  SCHEDULE_NAME_LABEL,
  type Backup,
  type BackupStorageLocation,
  type Restore,
  type RestoreSpec,
} from "../../lib/api/index.js";
import { errorMessage } from "../../lib/errors.js";
import type { VeleroClients } from "../../lib/kube/index.js";
import { validateIncludesExcludes } from "../filters/index.js";
import { restoreInitHookErrors } from "../hooks/index.js";
import type { ResourceModifiers } from "./resource-modifiers/index.js";

/** Resources a restore never restores (Velero's `nonRestorableResources`). */
export const nonRestorableResources = [
  "nodes",
  "events",
  "events.events.k8s.io",
  "backups.velero.io",
  "restores.velero.io",
  "resticrepositories.velero.io",
  "csinodes.storage.k8s.io",
  "volumeattachments.storage.k8s.io",
  "backuprepositories.velero.io",
] as const;

/** Backup phases a restore may read from. */
const restorableBackupPhases: readonly string[] = ["Completed", "PartiallyFailed"];

/** The spec with Velero's completions and the validation messages (none ⇒ valid). */
export interface CheckedSpec {
  readonly spec: RestoreSpec;
  readonly errors: readonly string[];
}

function hasSource(value: string | undefined): boolean {
  return value !== undefined && value !== "";
}

function withNonRestorableExcluded(input: RestoreSpec): string[] {
  const excluded = [...(input.excludedResources ?? [])];
  for (const resource of nonRestorableResources) {
    if (!excluded.includes(resource)) excluded.push(resource);
  }
  return excluded;
}

function filterErrors(input: RestoreSpec, excluded: readonly string[]): string[] {
  const included = input.includedResources ?? [];
  const errors: string[] = nonRestorableResources
    .filter((r) => included.includes(r))
    .map((r) => `${r} are non-restorable resources`);
  for (const e of validateIncludesExcludes(included, excluded)) {
    errors.push(`Invalid included/excluded resource lists: ${e}`);
  }
  const namespaceErrors = validateIncludesExcludes(
    input.includedNamespaces ?? [],
    input.excludedNamespaces ?? [],
  );
  for (const e of namespaceErrors) errors.push(`Invalid included/excluded namespace lists: ${e}`);
  if (input.orLabelSelectors !== undefined && input.labelSelector !== undefined) {
    errors.push(
      "encountered labelSelector as well as orLabelSelectors in restore spec, only one can be specified",
    );
  }
  return errors;
}

/**
 * Velero's checks of a Restore spec that need no cluster access, in Velero's order: the
 * non-restorable resources are appended to `excludedResources`, then each check adds its
 * message (`nodes are non-restorable resources`, `Invalid included/excluded resource lists:
 * ...`, `Invalid included/excluded namespace lists: ...`, selector and source checks,
 * `Invalid ExistingResourcePolicy: x`).
 */
export function checkRestoreSpec(input: RestoreSpec): CheckedSpec {
  const excluded = withNonRestorableExcluded(input);
  const spec: RestoreSpec = { ...input, excludedResources: excluded };
  const errors = filterErrors(input, excluded);
  if (hasSource(input.backupName) === hasSource(input.scheduleName)) {
    errors.push(
      "Either a backup or schedule must be specified as a source for the restore, but not both",
    );
    return { spec, errors };
  }
  errors.push(...restoreInitHookErrors(input.hooks?.resources ?? []));
  const policy = input.existingResourcePolicy as string | undefined;
  if (policy !== undefined && policy !== "" && !isPolicy(policy)) {
    errors.push(`Invalid ExistingResourcePolicy: ${policy}`);
  }
  return { spec, errors };
}

function isPolicy(value: string): boolean {
  return (EXISTING_RESOURCE_POLICIES as readonly string[]).includes(value);
}

/** The newest Completed backup by `status.startTimestamp` (Velero's mostRecentCompletedBackup). */
export function latestCompletedBackup(backups: readonly Backup[]): Backup | undefined {
  const started = (b: Backup): number => {
    const stamp = b.status?.startTimestamp;
    return stamp === undefined ? 0 : Date.parse(stamp);
  };
  return [...backups]
    .sort((a, b) => started(b) - started(a))
    .find((b) => b.status?.phase === "Completed");
}

/** A validated restore, ready to run. */
export interface ResolvedRestore {
  readonly spec: RestoreSpec;
  readonly backup: Backup;
  readonly location: BackupStorageLocation;
  /** The rules of spec.resourceModifier (see resource-modifiers/), absent without one. */
  readonly resourceModifiers?: ResourceModifiers;
}

/** What {@link resolveRestore} decided. */
export type RestoreResolution =
  | { readonly valid: true; readonly restore: ResolvedRestore }
  | { readonly valid: false; readonly spec: RestoreSpec; readonly errors: readonly string[] };

async function backupForSchedule(
  velero: VeleroClients,
  schedule: string,
  errors: string[],
): Promise<string | undefined> {
  let backups: Backup[];
  try {
    backups = await velero.backups.list(`${SCHEDULE_NAME_LABEL}=${schedule}`);
  } catch {
    errors.push("Unable to list backups for schedule");
    return undefined;
  }
  if (backups.length === 0) errors.push("No backups found for schedule");
  const latest = latestCompletedBackup(backups)?.metadata.name;
  if (latest === undefined) errors.push("No completed backups found for schedule");
  return latest;
}

async function fetchBackupAndLocation(
  velero: VeleroClients,
  name: string,
): Promise<{ backup: Backup; location: BackupStorageLocation } | string> {
  let backup: Backup;
  try {
    backup = await velero.backups.get(name);
  } catch (error) {
    return `Error retrieving backup: can't find backup ${velero.namespace}/${name}: ${errorMessage(error)}`;
  }
  try {
    const location = await velero.backupStorageLocations.get(backup.spec.storageLocation ?? "");
    return { backup, location };
  } catch (error) {
    return `Error retrieving backup: ${errorMessage(error)}`;
  }
}

/**
 * Validates `restore` (see {@link checkRestoreSpec}), resolves `scheduleName` to its latest
 * Completed backup (filling `backupName`, and `scheduleName` from the backup's schedule label
 * when a backup was named), and looks the backup and its location up. Besides Velero's checks
 * the backup must be Completed or PartiallyFailed.
 */
export async function resolveRestore(
  velero: VeleroClients,
  restore: Restore,
): Promise<RestoreResolution> {
  const checked = checkRestoreSpec(restore.spec);
  const errors = [...checked.errors];
  let spec = checked.spec;
  if (!hasSource(spec.backupName) && errors.length === 0) {
    const name = await backupForSchedule(velero, spec.scheduleName ?? "", errors);
    if (name !== undefined) spec = { ...spec, backupName: name };
  }
  if (errors.length > 0) return { valid: false, spec, errors };
  const found = await fetchBackupAndLocation(velero, spec.backupName ?? "");
  if (typeof found === "string") return { valid: false, spec, errors: [found] };
  const problem = unusable(found.backup, found.location);
  if (problem !== undefined) return { valid: false, spec, errors: [problem] };
  return { valid: true, restore: { spec: withScheduleName(spec, found.backup), ...found } };
}

function withScheduleName(spec: RestoreSpec, backup: Backup): RestoreSpec {
  if (hasSource(spec.scheduleName)) return spec;
  const schedule = backup.metadata.labels?.[SCHEDULE_NAME_LABEL];
  return schedule === undefined || schedule === "" ? spec : { ...spec, scheduleName: schedule };
}

function unusable(backup: Backup, location: BackupStorageLocation): string | undefined {
  if (location.status?.phase !== "Available") {
    return `The BSL ${location.metadata.name ?? ""} is unavailable, cannot retrieve the backup`;
  }
  const phase = backup.status?.phase ?? "New";
  if (!restorableBackupPhases.includes(phase)) {
    return `Backup ${backup.metadata.name ?? ""} is in phase ${phase}: only Completed or PartiallyFailed backups can be restored`;
  }
  return undefined;
}
