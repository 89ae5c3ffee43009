// When a Schedule is due, exactly as Velero's schedule controller decides it: from the last
// backup (or the schedule's creation), moved forward by a later skip, with no catch-up.
import { parseTime, type Schedule } from "../../lib/api/index.js";
import type { CronSchedule } from "./cron-schedule.js";

/** Whether a schedule must fire now, and the run time that decides it. */
export interface DueCheck {
  readonly due: boolean;
  /** The run after the base time; undefined when the expression never fires again. */
  readonly nextRun: Date | undefined;
}

/**
 * The base time runs are counted from: `status.lastBackup`, else `metadata.creationTimestamp`,
 * replaced by `status.lastSkipped` when that is later. A new schedule therefore fires at its
 * first tick after creation, not immediately.
 */
export function scheduleBaseTime(schedule: Schedule): Date {
  const status = schedule.status ?? {};
  const created = schedule.metadata.creationTimestamp;
  const base =
    status.lastBackup !== undefined
      ? parseTime(status.lastBackup)
      : created === undefined
        ? new Date(0)
        : parseTime(created);
  const skipped = status.lastSkipped === undefined ? undefined : parseTime(status.lastSkipped);
  return skipped !== undefined && skipped > base ? skipped : base;
}

/**
 * Velero's `getNextRunTime`: due when `now` is strictly after the first run following the base
 * time. Missed runs are not caught up: one backup covers any number of them.
 */
export function checkDue(schedule: Schedule, cron: CronSchedule, now: Date): DueCheck {
  const nextRun = cron.next(scheduleBaseTime(schedule));
  return { due: nextRun !== undefined && now > nextRun, nextRun };
}
