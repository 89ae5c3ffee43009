// The garbage collector's decision for one Backup (Velero's gc controller): wait for its
// expiration, mark why it cannot be collected, retry later, or request its deletion.
import {
  GC_FAILURE_LABEL,
  parseTime,
  type Backup,
  type BackupStorageLocation,
} from "../../lib/api/index.js";

/** Values of the `velero.io/gc-failure` label. */
export type GcFailure = "BSLNotFound" | "BSLCannotGet" | "BSLReadOnly";

/** The backup's location as the collector could look it up. */
export type LocationLookup =
  | { readonly found: BackupStorageLocation }
  | { readonly missing: true }
  | { readonly error: unknown };

/** What to do with one backup. */
export type GcDecision =
  | { readonly action: "keep"; readonly expiresInMs?: number }
  | { readonly action: "markFailure"; readonly failure: GcFailure }
  | { readonly action: "retryLater"; readonly reason: string }
  | { readonly action: "requestDeletion" };

/** Milliseconds until `backup` expires (≤ 0: expired), or undefined when it never does. */
export function expiresInMs(backup: Backup, now: Date): number | undefined {
  const expiration = backup.status?.expiration;
  if (expiration === undefined) return undefined;
  return parseTime(expiration).getTime() - now.getTime();
}

/**
 * Velero's rules: a backup without `status.expiration`, or expiring later, is kept. An expired
 * one whose location is missing is labelled `BSLNotFound` (`BSLCannotGet` when the lookup
 * failed otherwise); a ReadOnly location gives `BSLReadOnly` (nothing is deleted from it); an
 * Unavailable location means try again later; otherwise its deletion is requested.
 */
export function decideGarbageCollection(
  backup: Backup,
  location: LocationLookup,
  now: Date,
): GcDecision {
  const remaining = expiresInMs(backup, now);
  if (remaining === undefined) return { action: "keep" };
  if (remaining > 0) return { action: "keep", expiresInMs: remaining };
  if ("missing" in location) return { action: "markFailure", failure: "BSLNotFound" };
  if ("error" in location) return { action: "markFailure", failure: "BSLCannotGet" };
  const bsl = location.found;
  if (bsl.status?.phase !== "Available") {
    return {
      action: "retryLater",
      reason: `backup storage location ${bsl.metadata.name ?? ""} is unavailable`,
    };
  }
  if (bsl.spec.accessMode === "ReadOnly") return { action: "markFailure", failure: "BSLReadOnly" };
  return { action: "requestDeletion" };
}

/** The `velero.io/gc-failure` label the backup carries now, if any. */
export function gcFailureOf(backup: Backup): string | undefined {
  return backup.metadata.labels?.[GC_FAILURE_LABEL];
}
