// Schedule controller (Velero's): validates each Schedule, consumes skipImmediately, creates
// `<schedule>-<YYYYMMDDHHMMSS>` Backups when due (never two running at once), and applies the
// schedule's retention policy. Paused schedules never fire; only their retention still applies.
import {
  formatTime,
  SCHEDULE_NAME_LABEL,
  getValidLabelValue,
  type Backup,
  type DeleteBackupRequest,
  type Schedule,
} from "../../lib/api/index.js";
import type { Clock } from "../../lib/clock.js";
import {
  AlreadyExistsError,
  getOrUndefined,
  type VeleroResourceClient,
} from "../../lib/kube/index.js";
import type { Logger } from "../../lib/log.js";
import type { ReconcileResult } from "../../lib/reconcile/index.js";
import type { AgentContext, AgentController } from "../agent-context.js";
import {
  buildScheduledBackup,
  checkDue,
  evaluateSchedule,
  expectedIntervalSeconds,
  type CronSchedule,
} from "../schedule/index.js";
import { applyScheduleRetention, parseRetentionAnnotation } from "../retention/index.js";
import { kindController } from "./kind-controller.js";

/** What the reconcile needs (an AgentContext has all of it). */
export interface ScheduleControllerDeps {
  readonly velero: {
    readonly namespace: string;
    readonly schedules: VeleroResourceClient<Schedule>;
    readonly backups: VeleroResourceClient<Backup>;
    readonly deleteBackupRequests: VeleroResourceClient<DeleteBackupRequest>;
  };
  readonly clock: Clock;
  readonly logger: Logger;
  readonly config: { readonly scheduleSkipImmediately: boolean };
  readonly metrics: {
    readonly scheduleExpectedInterval: {
      set(labels: { schedule: string }, value: number): void;
      remove(labels: { schedule: string }): void;
    };
  };
}

/** Every schedule is looked at at least this often (Velero's 1-minute enqueue). */
const checkEveryMs = 60_000;
/** A due schedule whose previous backup still runs is looked at again this soon. */
const busyRetryMs = 2_000;

/**
 * Reconciles one Schedule by name. Returns when to look again: at its next run (so `@every 5s`
 * fires every 5 s), at most a minute away.
 */
export async function reconcileSchedule(
  deps: ScheduleControllerDeps,
  name: string,
): Promise<ReconcileResult | undefined> {
  const schedule = await getOrUndefined(() => deps.velero.schedules.get(name));
  if (schedule === undefined) {
    deps.metrics.scheduleExpectedInterval.remove({ schedule: name });
    return undefined;
  }
  if (schedule.spec.paused === true) return settlePaused(deps, schedule);
  const now = deps.clock.now();
  const evaluation = evaluateSchedule(schedule, {
    now,
    skipImmediatelyDefault: deps.config.scheduleSkipImmediately,
  });
  if (evaluation.patch !== undefined) await deps.velero.schedules.patch(name, evaluation.patch);
  const cron = evaluation.cron;
  if (cron === undefined) return undefined;
  deps.metrics.scheduleExpectedInterval.set({ schedule: name }, expectedIntervalSeconds(cron, now));
  const result = await runIfDue(deps, evaluation.schedule, cron);
  if (evaluation.retention !== undefined) {
    await applyScheduleRetention(deps, result.schedule, evaluation.retention);
  }
  return { requeueAfterMs: result.requeueAfterMs };
}

/**
 * A paused schedule fires nothing and its status is left alone (Velero ignores it), but its
 * retention policy still prunes the backups it made before the pause (runs that finish after
 * it included); with no new backups, that never deletes more than the policy's surplus.
 */
async function settlePaused(
  deps: ScheduleControllerDeps,
  schedule: Schedule,
): Promise<ReconcileResult> {
  const retention = parseRetentionAnnotation(schedule.metadata.annotations).policy;
  if (retention !== undefined) await applyScheduleRetention(deps, schedule, retention);
  return { requeueAfterMs: checkEveryMs };
}

async function runIfDue(
  deps: ScheduleControllerDeps,
  schedule: Schedule,
  cron: CronSchedule,
): Promise<{ schedule: Schedule; requeueAfterMs: number }> {
  const now = deps.clock.now();
  if (!checkDue(schedule, cron, now).due) {
    return { schedule, requeueAfterMs: wakeUpMs(schedule, cron, now) };
  }
  if (await hasUnfinishedBackup(deps, schedule)) {
    deps.logger.debug("schedule is due but its previous backup is still New or InProgress", {
      schedule: schedule.metadata.name,
    });
    return { schedule, requeueAfterMs: busyRetryMs };
  }
  const submitted = await submitBackup(deps, schedule, now);
  return { schedule: submitted, requeueAfterMs: wakeUpMs(submitted, cron, deps.clock.now()) };
}

/** Milliseconds until just after the next run (due means strictly after it), at most a minute. */
function wakeUpMs(schedule: Schedule, cron: CronSchedule, now: Date): number {
  const next = checkDue(schedule, cron, now).nextRun;
  if (next === undefined) return checkEveryMs;
  return Math.min(Math.max(next.getTime() - now.getTime() + 1, 1), checkEveryMs);
}

async function hasUnfinishedBackup(
  deps: ScheduleControllerDeps,
  schedule: Schedule,
): Promise<boolean> {
  const selector = `${SCHEDULE_NAME_LABEL}=${getValidLabelValue(schedule.metadata.name ?? "")}`;
  const backups = await deps.velero.backups.list(selector);
  return backups.some((b) => {
    const phase = b.status?.phase;
    return phase === undefined || phase === "New" || phase === "InProgress";
  });
}

async function submitBackup(
  deps: ScheduleControllerDeps,
  schedule: Schedule,
  now: Date,
): Promise<Schedule> {
  const name = schedule.metadata.name ?? "";
  const backup = buildScheduledBackup(schedule, now);
  backup.metadata.namespace = deps.velero.namespace;
  const log = deps.logger.child({ schedule: name, backup: backup.metadata.name });
  try {
    await deps.velero.backups.create(backup);
    log.info("schedule is due, created its backup");
  } catch (error) {
    if (!(error instanceof AlreadyExistsError)) throw error;
    log.info("the backup of this run already exists");
  }
  return deps.velero.schedules.patch(name, { status: { lastBackup: formatTime(now) } });
}

/** The `schedule` controller. */
export function scheduleController(ctx: AgentContext): AgentController {
  return kindController<Schedule>(ctx, {
    name: "schedule",
    kind: "Schedule",
    resyncMs: checkEveryMs,
    reconciler: () => ({ reconcile: (name) => reconcileSchedule(ctx, name) }),
  });
}
