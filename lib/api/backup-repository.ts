// The BackupRepository kind (velero.io/v1): a file-system backup repository per namespace and location.
import { uploaderTypeSchema, type UploaderType } from "./data-move-progress.js";
import { resourceSchema, type VeleroObject } from "./object.js";
import {
  arrayOf,
  duration,
  enumOf,
  mapOf,
  objectOf,
  optional,
  required,
  str,
  time,
} from "./schema/dsl.js";
import type { Duration } from "./duration.js";
import type { Time } from "./time.js";

/** BackupRepository phases. */
export const BACKUP_REPOSITORY_PHASES = ["New", "Ready", "NotReady"] as const;
/** A BackupRepository's `status.phase`. */
export type BackupRepositoryPhase = (typeof BACKUP_REPOSITORY_PHASES)[number];

/** Outcomes of one maintenance run. */
export const BACKUP_REPOSITORY_MAINTENANCE_RESULTS = ["Succeeded", "Failed"] as const;
/** A maintenance run's `result`. */
export type BackupRepositoryMaintenanceResult =
  (typeof BACKUP_REPOSITORY_MAINTENANCE_RESULTS)[number];

/** The repository of one namespace's volumes in one location. */
export interface BackupRepositorySpec {
  volumeNamespace: string;
  backupStorageLocation: string;
  repositoryType?: UploaderType;
  /** Deprecated restic repository URL. */
  resticIdentifier?: string;
  maintenanceFrequency: Duration;
  repositoryConfig?: Record<string, string>;
}

/** One maintenance run. */
export interface BackupRepositoryMaintenanceStatus {
  result?: BackupRepositoryMaintenanceResult;
  startTimestamp?: Time;
  completeTimestamp?: Time;
  message?: string;
}

/** What the server records about a repository. */
export interface BackupRepositoryStatus {
  phase?: BackupRepositoryPhase;
  message?: string;
  lastMaintenanceTime?: Time;
  recentMaintenance?: BackupRepositoryMaintenanceStatus[];
}

/** A velero.io/v1 BackupRepository. */
export type BackupRepository = VeleroObject<
  "BackupRepository",
  "velero.io/v1",
  BackupRepositorySpec,
  BackupRepositoryStatus
>;

const nullableTime = optional(time(), { nullable: true, go: "omitnil" });

/** Schema of a whole {@link BackupRepository}. */
export const backupRepositorySchema = resourceSchema(
  { kind: "BackupRepository", apiVersion: "velero.io/v1" },
  objectOf<BackupRepositorySpec>({
    volumeNamespace: required(str(), { go: "always" }),
    backupStorageLocation: required(str(), { go: "always" }),
    repositoryType: optional(uploaderTypeSchema, { go: "always" }),
    resticIdentifier: optional(str()),
    maintenanceFrequency: required(duration(), { go: "always" }),
    repositoryConfig: optional(mapOf(str()), { nullable: true }),
  }),
  objectOf<BackupRepositoryStatus>({
    phase: optional(enumOf(BACKUP_REPOSITORY_PHASES)),
    message: optional(str()),
    lastMaintenanceTime: nullableTime,
    recentMaintenance: optional(
      arrayOf(
        objectOf<BackupRepositoryMaintenanceStatus>({
          result: optional(enumOf(BACKUP_REPOSITORY_MAINTENANCE_RESULTS)),
          startTimestamp: nullableTime,
          completeTimestamp: nullableTime,
          message: optional(str()),
        }),
      ),
    ),
  }),
);
