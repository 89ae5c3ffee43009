// One maintenance run of a repository (unreferenced packs removed under the engine's
// session/lock handshake, then an integrity check) and the BackupRepository status bookkeeping
// around it: when it is due and the last three runs.
import {
  parseDuration,
  parseTime,
  type BackupRepository,
  type BackupRepositoryMaintenanceStatus,
} from "../../lib/api/index.js";
import { errorMessage } from "../../lib/errors.js";
import type { CheckResult, Repository } from "../../lib/repository/index.js";

/** How many runs `status.recentMaintenance` keeps. */
export const RECENT_MAINTENANCE_KEPT = 3;

/** `repositoryConfig` key: share of packs the check reads and verifies each run (0..1). */
export const CHECK_READ_FRACTION_KEY = "checkReadDataFraction";

/** How a run ended; `skipped` when a backup was running (nothing was deleted). */
export type MaintenanceOutcome =
  | { readonly result: "Succeeded" | "Failed"; readonly message: string }
  | { readonly result: "Skipped"; readonly message: string };

/** `history` plus `entry`, keeping the newest {@link RECENT_MAINTENANCE_KEPT}. */
export function appendMaintenance(
  history: readonly BackupRepositoryMaintenanceStatus[] | undefined,
  entry: BackupRepositoryMaintenanceStatus,
): BackupRepositoryMaintenanceStatus[] {
  return [...(history ?? []), entry].slice(-RECENT_MAINTENANCE_KEPT);
}

/** `spec.maintenanceFrequency` in ms, or `fallbackMs` when unset or not positive. */
export function maintenanceFrequencyMs(repo: BackupRepository, fallbackMs: number): number {
  try {
    const ms = parseDuration(repo.spec.maintenanceFrequency);
    return ms > 0 ? ms : fallbackMs;
  } catch {
    return fallbackMs;
  }
}

/** Milliseconds until maintenance is due (≤ 0: due now; never run: due now). */
export function msUntilMaintenance(repo: BackupRepository, now: Date, fallbackMs: number): number {
  const last = repo.status?.lastMaintenanceTime;
  if (last === undefined) return 0;
  return parseTime(last).getTime() + maintenanceFrequencyMs(repo, fallbackMs) - now.getTime();
}

/** The check's read share from `repositoryConfig` (default 0: metadata and listings only). */
export function checkReadFraction(repo: BackupRepository): number {
  const value = Number(repo.spec.repositoryConfig?.[CHECK_READ_FRACTION_KEY] ?? "0");
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}

/** A one-line account of what a check found damaged, naming every object. */
export function describeDamage(check: CheckResult): string {
  const parts: string[] = [];
  const list = (label: string, items: readonly string[]): void => {
    if (items.length > 0) parts.push(`${label}: ${items.join(", ")}`);
  };
  list(
    "damaged packs",
    check.damagedPacks.map((d) => `${d.key} (${d.reason})`),
  );
  list("missing packs", check.missingPacks);
  list(
    "damaged indexes",
    check.damagedIndexes.map((d) => `${d.key} (${d.reason})`),
  );
  list(
    "snapshots that cannot be restored",
    check.damagedSnapshots.map((d) => `${d.key} (${d.reason})`),
  );
  return parts.join("; ");
}

/**
 * Runs maintenance then the integrity check. Maintenance does nothing while a backup session
 * is live (`Skipped`); the check's damage makes the run `Failed` with every damaged object named.
 */
export async function maintainRepository(
  repository: Repository,
  options: { readonly readDataFraction: number },
): Promise<MaintenanceOutcome> {
  let summary: string;
  try {
    const result = await repository.maintain();
    if (result.skipped !== undefined) return { result: "Skipped", message: result.skipped };
    summary = `removed ${result.packsDeleted} unreferenced packs (${result.bytesDeleted} bytes), kept ${result.packsKept}`;
  } catch (error) {
    const check = await checkOrError(repository, options.readDataFraction);
    const stopped = `maintenance stopped: ${errorMessage(error)}`;
    const damage = typeof check === "string" || check.ok ? undefined : describeDamage(check);
    return {
      result: "Failed",
      message:
        damage === undefined ? stopped : `integrity check found damage: ${damage} (${stopped})`,
    };
  }
  const check = await checkOrError(repository, options.readDataFraction);
  if (typeof check === "string") return { result: "Failed", message: check };
  if (!check.ok) {
    return { result: "Failed", message: `integrity check found damage: ${describeDamage(check)}` };
  }
  return {
    result: "Succeeded",
    message: `${summary}; verified ${check.chunksVerified} chunks in ${check.packsChecked} packs`,
  };
}

async function checkOrError(
  repository: Repository,
  fraction: number,
): Promise<CheckResult | string> {
  try {
    return await repository.check({ readDataFraction: fraction });
  } catch (error) {
    return `integrity check failed: ${errorMessage(error)}`;
  }
}
