// The BackupStorageLocation kind (velero.io/v1): where backups are stored, and its schema.
import { secretKeySelectorSchema, type SecretKeySelector } from "./meta.js";
import { resourceSchema, type VeleroObject } from "./object.js";
import {
  bool,
  bytes,
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

/**
 * Set this annotation on a BackupStorageLocation (any value; by convention the RFC 3339 time
 * of the request) to have the agent sync it from the bucket at once. When the sync has run, the
 * agent removes the annotation and sets `status.lastSyncedTime` in the same write, so a
 * requester waits until the annotation is gone (and may then compare lastSyncedTime). A
 * request on an Unavailable location waits until the location is Available again; periodic
 * sync being disabled (`backupSyncPeriod: 0s`) does not stop an explicit request.
 */
export const SYNC_REQUEST_ANNOTATION = "velero.io/sync-requested";

/** BackupStorageLocation phases. */
export const BACKUP_STORAGE_LOCATION_PHASES = ["Available", "Unavailable"] as const;
/** A BackupStorageLocation's `status.phase`. */
export type BackupStorageLocationPhase = (typeof BACKUP_STORAGE_LOCATION_PHASES)[number];

/** Access modes; an empty `accessMode` means `ReadWrite`. */
export const BACKUP_STORAGE_LOCATION_ACCESS_MODES = ["ReadOnly", "ReadWrite"] as const;
/** A BackupStorageLocation's `spec.accessMode`. */
export type BackupStorageLocationAccessMode = (typeof BACKUP_STORAGE_LOCATION_ACCESS_MODES)[number];

/** The bucket and prefix backups go to. `caCert` and `caCertRef` are mutually exclusive. */
export interface ObjectStorageLocation {
  bucket: string;
  prefix?: string;
  /** Base64 PEM bundle (deprecated: use `caCertRef`). */
  caCert?: string;
  caCertRef?: SecretKeySelector;
}

/** A provider, its config keys, credentials and sync settings. */
export interface BackupStorageLocationSpec {
  provider: string;
  config?: Record<string, string>;
  credential?: SecretKeySelector;
  objectStorage: ObjectStorageLocation;
  default?: boolean;
  accessMode?: BackupStorageLocationAccessMode;
  /** `0s` disables syncing backups from the bucket. */
  backupSyncPeriod?: Duration;
  /** `0s` disables validation after the first. */
  validationFrequency?: Duration;
}

/** What the server records about a location. */
export interface BackupStorageLocationStatus {
  phase?: BackupStorageLocationPhase;
  lastSyncedTime?: Time;
  lastValidationTime?: Time;
  message?: string;
  /** Deprecated. */
  lastSyncedRevision?: string;
  /** Deprecated. */
  accessMode?: BackupStorageLocationAccessMode;
}

/** A velero.io/v1 BackupStorageLocation. */
export type BackupStorageLocation = VeleroObject<
  "BackupStorageLocation",
  "velero.io/v1",
  BackupStorageLocationSpec,
  BackupStorageLocationStatus
>;

const specSchema = objectOf<BackupStorageLocationSpec>({
  provider: required(str(), { go: "always", description: "Object store plugin, e.g. aws." }),
  config: optional(mapOf(str()), { description: "Provider-specific settings." }),
  credential: optional(secretKeySelectorSchema, { go: "omitnil" }),
  objectStorage: required(
    objectOf<ObjectStorageLocation>({
      bucket: required(str(), { go: "always" }),
      prefix: optional(str()),
      caCert: optional(bytes()),
      caCertRef: optional(secretKeySelectorSchema, { go: "omitnil" }),
    }),
    { go: "alwaysOrNull" },
  ),
  default: optional(bool(), { description: "Used when a backup names no location." }),
  accessMode: optional(enumOf(BACKUP_STORAGE_LOCATION_ACCESS_MODES)),
  backupSyncPeriod: optional(duration(), { nullable: true, go: "omitnil" }),
  validationFrequency: optional(duration(), { nullable: true, go: "omitnil" }),
});

const statusSchema = objectOf<BackupStorageLocationStatus>({
  phase: optional(enumOf(BACKUP_STORAGE_LOCATION_PHASES)),
  lastSyncedTime: optional(time(), { nullable: true, go: "omitnil" }),
  lastValidationTime: optional(time(), { nullable: true, go: "omitnil" }),
  message: optional(str()),
  lastSyncedRevision: optional(str()),
  accessMode: optional(enumOf(BACKUP_STORAGE_LOCATION_ACCESS_MODES)),
});

/** Schema of a whole {@link BackupStorageLocation}. */
export const backupStorageLocationSchema = resourceSchema(
  { kind: "BackupStorageLocation", apiVersion: "velero.io/v1" },
  specSchema,
  statusSchema,
);
