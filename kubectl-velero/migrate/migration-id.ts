// Deterministic names and labels of a migration's Backup and Restore, and the decision whether
// a run resumes an unfinished migration or starts a new one (what makes `migrate` resumable).
import { createHash } from "node:crypto";
import type { Backup, BackupSpec, Restore } from "../../lib/api/index.js";
import { timestampedName } from "../commands/backup/build-backup.js";

/** Label on a migration's Backup (source) and Restore (target): the migration id. */
export const MIGRATION_ID_LABEL = "migrate.kubectl-velero.io/id";

/** Everything that makes two `migrate` runs the same migration. */
export interface MigrationInputs {
  /** Identity of the source cluster (context name and API server URL). */
  readonly from: string;
  readonly to: string;
  readonly fromNamespace: string;
  readonly toNamespace: string;
  /** The backup's spec as the flags describe it (ignored when `backupName` is given). */
  readonly backupSpec: BackupSpec;
  readonly backupName?: string | undefined;
  readonly namespaceMappings?: Readonly<Record<string, string>> | undefined;
  readonly existingResourcePolicy?: string | undefined;
}

/**
 * A 10-hex-digit id: the same inputs always give the same id (key order in maps does not
 * matter), any different input a different one.
 */
export function migrationId(inputs: MigrationInputs): string {
  const canonical = JSON.stringify(sortDeep(inputs));
  return createHash("sha256").update(canonical).digest("hex").slice(0, 10);
}

function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([k, v]) => [k, sortDeep(v)]));
}

/** `migrate-<id>-YYYYMMDDHHMMSS`: the name of a new migration's Backup (and of its Restore). */
export function migrationObjectName(id: string, now: Date): string {
  return timestampedName(`migrate-${id}`, now);
}

const failedBackupPhases = new Set(["Failed", "FailedValidation", "Deleting"]);
const doneRestorePhases = new Set(["Completed", "PartiallyFailed", "Failed", "FailedValidation"]);

/** What a run does: carry on with existing objects, or start afresh. */
export type ResumeDecision =
  | { readonly action: "new" }
  | {
      readonly action: "resume";
      readonly backupName: string;
      /** The unfinished Restore on the target, when one exists already. */
      readonly restoreName?: string | undefined;
    };

/** The migration's objects found in both clusters (labelled with its id). */
export interface ExistingObjects {
  readonly backups: readonly Backup[];
  readonly restores: readonly Restore[];
}

/**
 * Resume rule: take the newest labelled Backup that did not fail. When no labelled Restore
 * of it has finished on the target, the migration is unfinished: resume it (reusing its
 * unfinished Restore, if any). Otherwise the last migration finished and this run is a new
 * one (new Backup, new Restore: how a second run brings the target up to date).
 */
export function decideResume(existing: ExistingObjects): ResumeDecision {
  const backup = newest(
    existing.backups.filter((b) => !failedBackupPhases.has(b.status?.phase ?? "New")),
  );
  if (backup === undefined) return { action: "new" };
  const backupName = backup.metadata.name ?? "";
  const restores = existing.restores.filter((r) => r.spec.backupName === backupName);
  if (restores.some((r) => doneRestorePhases.has(r.status?.phase ?? "New"))) {
    return { action: "new" };
  }
  const restore = newest(restores);
  return { action: "resume", backupName, restoreName: restore?.metadata.name };
}

/**
 * For `--backup-name`: the unfinished labelled Restore of that backup to carry on with, or
 * undefined when a new Restore is to be made.
 */
export function unfinishedRestoreOf(
  restores: readonly Restore[],
  backupName: string,
): string | undefined {
  const pending = restores.filter(
    (r) => r.spec.backupName === backupName && !doneRestorePhases.has(r.status?.phase ?? "New"),
  );
  return newest(pending)?.metadata.name;
}

function newest<T extends Backup | Restore>(objects: readonly T[]): T | undefined {
  const created = (o: T): string =>
    `${o.metadata.creationTimestamp ?? ""}\u0000${o.metadata.name ?? ""}`;
  return [...objects].sort((a, b) => (created(a) < created(b) ? 1 : -1))[0];
}
