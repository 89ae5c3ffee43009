// Waits for a backup or restore to reach a terminal phase, polling its status (at most a second
// apart) and reporting live progress from it and from its pod volume backups or restores.
import type {
  Backup,
  BackupPhase,
  PodVolumeBackup,
  PodVolumeRestore,
  Restore,
  RestorePhase,
} from "../../lib/api/index.js";
import { BACKUP_NAME_LABEL, RESTORE_NAME_LABEL, getValidLabelValue } from "../../lib/api/index.js";
import type { Clock } from "../../lib/clock.js";
import { VeleroError } from "../../lib/errors.js";
import { isNotFound, type VeleroClients } from "../../lib/kube/index.js";
import type { ProgressSample } from "./progress-line.js";
import type { ProgressReporter } from "./progress-reporter.js";

/** The phases after which Velero's `--wait` stops waiting for a backup. */
export const BACKUP_DONE_PHASES: readonly BackupPhase[] = [
  "FailedValidation",
  "Completed",
  "PartiallyFailed",
  "Failed",
];

/** The phases after which Velero's `--wait` stops waiting for a restore. */
export const RESTORE_DONE_PHASES: readonly RestorePhase[] = [
  "FailedValidation",
  "Completed",
  "PartiallyFailed",
  "Failed",
];

/** The object disappeared while the CLI was waiting for it. */
export class WaitTargetGoneError extends VeleroError {
  constructor(kind: string, name: string) {
    super("WaitTargetGone", `${kind} "${name}" was deleted while waiting for it to complete`);
  }
}

/** What {@link waitForCompletion} needs: how to read the object and how to sample it. */
export interface WaitOptions<T> {
  readonly clock: Clock;
  readonly reporter: ProgressReporter;
  /** Reads the object; throws `NotFoundError` once it is gone. */
  readonly read: () => Promise<T>;
  readonly isDone: (object: T) => boolean;
  readonly sample: (object: T, elapsedMs: number) => Promise<ProgressSample>;
  readonly describe: { readonly kind: string; readonly name: string };
  /** Poll interval (default 500 ms). */
  readonly intervalMs?: number;
}

/** Polls until `isDone`, reporting each sample; resolves with the finished object. */
export async function waitForCompletion<T>(options: WaitOptions<T>): Promise<T> {
  const started = options.clock.now().getTime();
  try {
    for (;;) {
      const object = await readOrGone(options);
      const elapsed = options.clock.now().getTime() - started;
      options.reporter.update(await options.sample(object, elapsed));
      if (options.isDone(object)) return object;
      await options.clock.sleep(options.intervalMs ?? 500);
    }
  } finally {
    options.reporter.finish();
  }
}

async function readOrGone<T>(options: WaitOptions<T>): Promise<T> {
  try {
    return await options.read();
  } catch (error) {
    if (isNotFound(error)) {
      throw new WaitTargetGoneError(options.describe.kind, options.describe.name);
    }
    throw error;
  }
}

interface VolumeProgress {
  readonly status?: { readonly progress?: { totalBytes?: number; bytesDone?: number } };
}

function sumBytes(items: readonly VolumeProgress[]): { done?: number; total?: number } {
  if (items.length === 0) return {};
  let done = 0;
  let total = 0;
  for (const item of items) {
    done += item.status?.progress?.bytesDone ?? 0;
    total += item.status?.progress?.totalBytes ?? 0;
  }
  return { done, total };
}

function elapsedSince(start: string | undefined, now: Date, fallback: number): number {
  return start === undefined ? fallback : Math.max(0, now.getTime() - Date.parse(start));
}

/** Samples a backup: its item counters and its pod volume backups' bytes. */
export async function sampleBackup(
  clients: VeleroClients,
  backup: Backup,
  options: { readonly now: Date; readonly waitedMs: number },
): Promise<ProgressSample> {
  const name = backup.metadata.name ?? "";
  const pvbs: PodVolumeBackup[] = await clients.podVolumeBackups
    .list(`${BACKUP_NAME_LABEL}=${getValidLabelValue(name)}`)
    .catch(() => []);
  const bytes = sumBytes(pvbs);
  return {
    phase: backup.status?.phase ?? "New",
    itemsDone: backup.status?.progress?.itemsBackedUp,
    totalItems: backup.status?.progress?.totalItems,
    bytesDone: bytes.done,
    totalBytes: bytes.total,
    elapsedMs: elapsedSince(backup.status?.startTimestamp, options.now, options.waitedMs),
  };
}

/** Samples a restore: its item counters and its pod volume restores' bytes. */
export async function sampleRestore(
  clients: VeleroClients,
  restore: Restore,
  options: { readonly now: Date; readonly waitedMs: number },
): Promise<ProgressSample> {
  const name = restore.metadata.name ?? "";
  const pvrs: PodVolumeRestore[] = await clients.podVolumeRestores
    .list(`${RESTORE_NAME_LABEL}=${getValidLabelValue(name)}`)
    .catch(() => []);
  const bytes = sumBytes(pvrs);
  return {
    phase: restore.status?.phase ?? "New",
    itemsDone: restore.status?.progress?.itemsRestored,
    totalItems: restore.status?.progress?.totalItems,
    bytesDone: bytes.done,
    totalBytes: bytes.total,
    elapsedMs: elapsedSince(restore.status?.startTimestamp, options.now, options.waitedMs),
  };
}
