// The Schedule kind (velero.io/v1): phases, spec and status types, and their schema.
import { backupSpecSchema, type BackupSpec } from "./backup.js";
import { resourceSchema, type VeleroObject } from "./object.js";
import { arrayOf, bool, enumOf, objectOf, optional, required, str, time } from "./schema/dsl.js";
import type { Time } from "./time.js";

/** Schedule phases in Velero's CRD order. */
export const SCHEDULE_PHASES = ["New", "Enabled", "FailedValidation"] as const;
/** A Schedule's `status.phase`. */
export type SchedulePhase = (typeof SCHEDULE_PHASES)[number];

/** A cron schedule (or `@every 6h`) and the Backup spec to create on each tick. */
export interface ScheduleSpec {
  template: BackupSpec;
  schedule: string;
  useOwnerReferencesInBackup?: boolean;
  paused?: boolean;
  /** One-shot: skip the backup due right now; the controller resets it. */
  skipImmediately?: boolean;
}

/** What the server records about a schedule. */
export interface ScheduleStatus {
  phase?: SchedulePhase;
  lastBackup?: Time;
  lastSkipped?: Time;
  validationErrors?: string[];
}

/** A velero.io/v1 Schedule. */
export type Schedule = VeleroObject<"Schedule", "velero.io/v1", ScheduleSpec, ScheduleStatus>;

const scheduleSpecSchema = objectOf<ScheduleSpec>({
  template: required(backupSpecSchema, { go: "always", description: "Spec of each Backup." }),
  schedule: required(str(), { go: "always", description: "Cron expression." }),
  useOwnerReferencesInBackup: optional(bool(), { nullable: true, go: "omitnil" }),
  paused: optional(bool()),
  skipImmediately: optional(bool(), { go: "omitnil" }),
});

const scheduleStatusSchema = objectOf<ScheduleStatus>({
  phase: optional(enumOf(SCHEDULE_PHASES)),
  lastBackup: optional(time(), { nullable: true, go: "omitnil" }),
  lastSkipped: optional(time(), { nullable: true, go: "omitnil" }),
  validationErrors: optional(arrayOf(str())),
});

/** Schema of a whole {@link Schedule}. */
export const scheduleSchema = resourceSchema(
  { kind: "Schedule", apiVersion: "velero.io/v1" },
  scheduleSpecSchema,
  scheduleStatusSchema,
);
