// Retention policies of Schedules (beyond Velero): the `velero.io/retention` annotation and
// restic's grandfather-father-son choice of the backups to keep.
export {
  formatRetentionPolicy,
  parseRetentionAnnotation,
  parseRetentionPolicy,
  RETENTION_ANNOTATION,
  RETENTION_KEYS,
  type RetentionKey,
  type RetentionParseResult,
  type RetentionPolicy,
} from "./retention-policy.js";
export {
  applyRetention,
  isoWeek,
  type KeptItem,
  type RetentionDecision,
  type RetentionItem,
} from "./apply-retention.js";
export {
  decideScheduleRetention,
  retentionCandidates,
  type RetentionBackup,
} from "./schedule-retention.js";
export { applyScheduleRetention, type ScheduleRetentionDeps } from "./apply-schedule-retention.js";
