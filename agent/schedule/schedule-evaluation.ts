// The first half of a schedule reconcile, as a pure function: validation (cron and retention
// policy), the one-shot skipImmediately, and the merge patch that records them.
import {
  formatTime,
  type Schedule,
  type SchedulePhase,
  type ScheduleStatus,
} from "../../lib/api/index.js";
import { parseRetentionAnnotation, type RetentionPolicy } from "../retention/index.js";
import { parseCronSchedule, type CronSchedule } from "./cron-schedule.js";

/** A JSON merge patch of a Schedule (`null` removes a field). */
export interface SchedulePatch {
  spec?: { skipImmediately: false };
  status?: Partial<Record<keyof ScheduleStatus, unknown>>;
}

/** What {@link evaluateSchedule} found. */
export interface ScheduleEvaluation {
  readonly phase: SchedulePhase;
  /** The parsed expression when the schedule is Enabled. */
  readonly cron: CronSchedule | undefined;
  /** The retention policy from the schedule's annotation, when Enabled and it has one. */
  readonly retention: RetentionPolicy | undefined;
  /** Merge patch to apply before anything else, or undefined when nothing changed. */
  readonly patch: SchedulePatch | undefined;
  /** The schedule as it is once the patch is applied. */
  readonly schedule: Schedule;
}

/** Options of {@link evaluateSchedule}. */
export interface EvaluateScheduleOptions {
  readonly now: Date;
  /** The agent's `--schedule-skip-immediately`, used when `spec.skipImmediately` is unset. */
  readonly skipImmediatelyDefault: boolean;
}

/**
 * Velero's reconcile prologue. `skipImmediately` (or the agent default when unset) is
 * consumed: the spec is set to `false` and `status.lastSkipped = now`, so the run due now is
 * skipped once. The cron expression and the retention annotation are validated on every call:
 * errors ⇒ `FailedValidation` with `validationErrors`; otherwise `Enabled` with errors cleared.
 */
export function evaluateSchedule(
  schedule: Schedule,
  options: EvaluateScheduleOptions,
): ScheduleEvaluation {
  const next = structuredClone(schedule);
  const before = schedule.status ?? {};
  const patch: SchedulePatch = {};
  const skip = consumeSkipImmediately(next, patch, options.skipImmediatelyDefault);
  const parsed = parseCronSchedule(next.spec.schedule);
  const retention = parseRetentionAnnotation(next.metadata.annotations);
  const errors = [...(parsed.errors ?? []), ...(retention.errors ?? [])];
  const valid = errors.length === 0;
  const status = nextStatus(before, { errors, skippedAt: skip ? options.now : undefined });
  next.status = status;
  const statusPatch = diffStatus(before, status);
  if (statusPatch !== undefined) patch.status = statusPatch;
  return {
    phase: valid ? "Enabled" : "FailedValidation",
    cron: valid ? parsed.schedule : undefined,
    retention: valid ? retention.policy : undefined,
    patch: Object.keys(patch).length > 0 ? patch : undefined,
    schedule: next,
  };
}

/** Sets `spec.skipImmediately` to false (in `schedule` and `patch`); true when it was on. */
function consumeSkipImmediately(
  schedule: Schedule,
  patch: SchedulePatch,
  fallback: boolean,
): boolean {
  const skip = schedule.spec.skipImmediately ?? fallback;
  if (schedule.spec.skipImmediately !== false) {
    patch.spec = { skipImmediately: false };
    schedule.spec.skipImmediately = false;
  }
  return skip;
}

function nextStatus(
  before: ScheduleStatus,
  change: { errors: readonly string[]; skippedAt: Date | undefined },
): ScheduleStatus {
  const status: ScheduleStatus = { ...before };
  if (change.skippedAt !== undefined) status.lastSkipped = formatTime(change.skippedAt);
  status.phase = change.errors.length > 0 ? "FailedValidation" : "Enabled";
  if (change.errors.length > 0) status.validationErrors = [...change.errors];
  else delete status.validationErrors;
  return status;
}

function diffStatus(
  before: ScheduleStatus,
  after: ScheduleStatus,
): SchedulePatch["status"] | undefined {
  const patch: NonNullable<SchedulePatch["status"]> = {};
  if (after.phase !== before.phase) patch.phase = after.phase;
  if (after.lastSkipped !== before.lastSkipped) patch.lastSkipped = after.lastSkipped;
  const errorsBefore = before.validationErrors ?? [];
  const errorsAfter = after.validationErrors ?? [];
  const sameErrors =
    errorsBefore.length === errorsAfter.length &&
    errorsBefore.every((e, i) => e === errorsAfter[i]);
  if (!sameErrors) patch.validationErrors = errorsAfter.length > 0 ? errorsAfter : null;
  return Object.keys(patch).length > 0 ? patch : undefined;
}
