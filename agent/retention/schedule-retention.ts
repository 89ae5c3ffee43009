// Which Backups of a Schedule its retention policy removes: the finished ones the schedule
// made, timed by when they started.
import { parseTime, SCHEDULE_NAME_LABEL, type Backup } from "../../lib/api/index.js";
import { applyRetention, type RetentionDecision, type RetentionItem } from "./apply-retention.js";
import type { RetentionPolicy } from "./retention-policy.js";

/** A backup as a retention item. */
export interface RetentionBackup extends RetentionItem {
  readonly backup: Backup;
}

const retainedPhases = new Set(["Completed", "PartiallyFailed"]);

/**
 * The backups a policy counts: labelled `velero.io/schedule-name=<schedule>`, phase Completed
 * or PartiallyFailed (a failed backup is not a restore point; TTL expiry removes it), not
 * already being deleted. Their time is `status.startTimestamp`, else `creationTimestamp`
 * (which a sync into another cluster resets).
 */
export function retentionCandidates(
  backups: readonly Backup[],
  scheduleName: string,
): RetentionBackup[] {
  return backups.flatMap((backup) => {
    if (!isCandidate(backup, scheduleName)) return [];
    const time = backup.status?.startTimestamp ?? backup.metadata.creationTimestamp;
    if (time === undefined) return [];
    return [{ name: backup.metadata.name ?? "", time: parseTime(time), backup }];
  });
}

function isCandidate(backup: Backup, scheduleName: string): boolean {
  return (
    backup.metadata.labels?.[SCHEDULE_NAME_LABEL] === scheduleName &&
    retainedPhases.has(backup.status?.phase ?? "") &&
    backup.metadata.deletionTimestamp === undefined
  );
}

/** Applies `policy` to the schedule's candidates (see {@link retentionCandidates}). */
export function decideScheduleRetention(
  backups: readonly Backup[],
  scheduleName: string,
  policy: RetentionPolicy,
): RetentionDecision<RetentionBackup> {
  return applyRetention(retentionCandidates(backups, scheduleName), policy);
}
