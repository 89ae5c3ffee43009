// Schedules: cron parsing as Velero's robfig/cron, the due check, the Backup each run creates,
// and the validation prologue of a reconcile.
export {
  EMPTY_SCHEDULE_MESSAGE,
  expectedIntervalSeconds,
  parseCronSchedule,
  type CronParseResult,
  type CronSchedule,
} from "./cron-schedule.js";
export { checkDue, scheduleBaseTime, type DueCheck } from "./schedule-due.js";
export { buildScheduledBackup, timestampedBackupName } from "./scheduled-backup.js";
export {
  evaluateSchedule,
  type EvaluateScheduleOptions,
  type ScheduleEvaluation,
  type SchedulePatch,
} from "./schedule-evaluation.js";
