// Waits for a backup's PodVolumeBackups to reach a final phase (polling the API by the backup's
// UID label), bounded by the pod volume timeout, as Velero's WaitAllPodVolumesProcessed.
import {
  BACKUP_UID_LABEL,
  type PodVolumeBackup,
  type PodVolumeBackupPhase,
} from "../../lib/api/index.js";
import type { Clock } from "../../lib/clock.js";

const finalPhases: readonly PodVolumeBackupPhase[] = ["Completed", "Failed", "Canceled"];

/** True once a PodVolumeBackup is Completed, Failed or Canceled. */
export function isFinalPodVolumeBackup(pvb: PodVolumeBackup): boolean {
  return finalPhases.includes(pvb.status?.phase ?? "New");
}

/** What the waiter needs. */
export interface PodVolumeBackupWaitDeps {
  readonly list: (labelSelector: string) => Promise<PodVolumeBackup[]>;
  readonly clock: Clock;
  /** Pause between looks (default 1 s). */
  readonly pollMs?: number;
}

/** The objects as last seen, and whether the deadline passed before all were final. */
export interface PodVolumeBackupWaitResult {
  /** Same order as the names asked for; an object not listed any more keeps its last view. */
  readonly pvbs: readonly PodVolumeBackup[];
  readonly timedOut: boolean;
}

function latest(
  started: readonly PodVolumeBackup[],
  listed: readonly PodVolumeBackup[],
): PodVolumeBackup[] {
  const byName = new Map(listed.map((pvb) => [pvb.metadata.name ?? "", pvb]));
  return started.map((pvb) => byName.get(pvb.metadata.name ?? "") ?? pvb);
}

/**
 * Polls until every one of `started` (created objects, with names) is final, `deadlineMs`
 * (epoch ms) passes, or `signal` aborts (then it throws the signal's reason).
 */
export async function waitForPodVolumeBackups(
  deps: PodVolumeBackupWaitDeps,
  options: { backupUid: string; started: readonly PodVolumeBackup[]; deadlineMs: number },
  signal: AbortSignal,
): Promise<PodVolumeBackupWaitResult> {
  let current = [...options.started];
  for (;;) {
    signal.throwIfAborted();
    current = latest(current, await deps.list(`${BACKUP_UID_LABEL}=${options.backupUid}`));
    if (current.every(isFinalPodVolumeBackup)) return { pvbs: current, timedOut: false };
    const left = options.deadlineMs - deps.clock.now().getTime();
    if (left <= 0) return { pvbs: current, timedOut: true };
    await deps.clock.sleep(Math.min(deps.pollMs ?? 1000, left), signal);
  }
}
