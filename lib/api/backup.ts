// The Backup kind (velero.io/v1): phases, spec and status types, and their schema.
import {
  labelSelectorSchema,
  typedLocalObjectReferenceSchema,
  type LabelSelector,
  type TypedLocalObjectReference,
} from "./meta.js";
import { resourceSchema, type VeleroObject } from "./object.js";
import {
  arrayOf,
  bool,
  duration,
  enumOf,
  int,
  mapOf,
  objectOf,
  optional,
  required,
  str,
  time,
} from "./schema/dsl.js";
import type { Duration } from "./duration.js";
import type { Time } from "./time.js";

/** Backup phases in Velero's CRD order. `Queued`/`ReadyToStart` are Velero 1.18+. */
export const BACKUP_PHASES = [
  "New",
  "Queued",
  "ReadyToStart",
  "FailedValidation",
  "InProgress",
  "WaitingForPluginOperations",
  "WaitingForPluginOperationsPartiallyFailed",
  "Finalizing",
  "FinalizingPartiallyFailed",
  "Completed",
  "PartiallyFailed",
  "Failed",
  "Deleting",
] as const;
/** A Backup's `status.phase`. */
export type BackupPhase = (typeof BACKUP_PHASES)[number];

/** What a failing hook does to the backup or restore: go on, or fail it. */
export const HOOK_ERROR_MODES = ["Continue", "Fail"] as const;
/** A hook's `onError`. */
export type HookErrorMode = (typeof HOOK_ERROR_MODES)[number];

/** Labels a Schedule puts on the Backups it creates (`spec.template.metadata`). */
export interface BackupMetadata {
  labels?: Record<string, string>;
}

/** A command run in a pod's container (`exec` hook). */
export interface ExecHook {
  /** Container to run in; default the pod's first container. */
  container?: string;
  command: string[];
  /** Default `Fail`. */
  onError?: HookErrorMode;
  /** Default 30s. */
  timeout?: Duration;
}

/** One backup hook. */
export interface BackupResourceHook {
  exec: ExecHook;
}

/** Hooks for the pods a selector picks. */
export interface BackupResourceHookSpec {
  name: string;
  includedNamespaces?: string[];
  excludedNamespaces?: string[];
  includedResources?: string[];
  excludedResources?: string[];
  labelSelector?: LabelSelector;
  pre?: BackupResourceHook[];
  post?: BackupResourceHook[];
}

/** `spec.hooks`. */
export interface BackupHooks {
  resources?: BackupResourceHookSpec[];
}

/** `spec.uploaderConfig`. */
export interface UploaderConfigForBackup {
  parallelFilesUpload?: number;
}

/**
 * What to back up and how. Empty `includedNamespaces` means all namespaces, an empty `ttl`
 * the server's default (720h): the agent normalises these, the CRD does not default them.
 */
export interface BackupSpec {
  metadata?: BackupMetadata;
  includedNamespaces?: string[];
  excludedNamespaces?: string[];
  includedResources?: string[];
  excludedResources?: string[];
  includedClusterScopedResources?: string[];
  excludedClusterScopedResources?: string[];
  includedNamespaceScopedResources?: string[];
  excludedNamespaceScopedResources?: string[];
  labelSelector?: LabelSelector;
  orLabelSelectors?: LabelSelector[];
  snapshotVolumes?: boolean;
  ttl?: Duration;
  volumeGroupSnapshotLabelKey?: string;
  includeClusterResources?: boolean;
  hooks?: BackupHooks;
  storageLocation?: string;
  volumeSnapshotLocations?: string[];
  /** Deprecated: use `defaultVolumesToFsBackup`. */
  defaultVolumesToRestic?: boolean;
  defaultVolumesToFsBackup?: boolean;
  /** Resource name → `ns/name,ns/name` (cluster-scoped: `name`). */
  orderedResources?: Record<string, string>;
  csiSnapshotTimeout?: Duration;
  itemOperationTimeout?: Duration;
  resourcePolicy?: TypedLocalObjectReference;
  snapshotMoveData?: boolean;
  datamover?: string;
  uploaderConfig?: UploaderConfigForBackup;
}

/** `status.progress`. */
export interface BackupProgress {
  totalItems?: number;
  itemsBackedUp?: number;
}

/** Hook counters of a backup or restore. */
export interface HookStatus {
  hooksAttempted?: number;
  hooksFailed?: number;
}

/** What the server records about a backup. */
export interface BackupStatus {
  version?: number;
  formatVersion?: string;
  expiration?: Time;
  phase?: BackupPhase;
  queuePosition?: number;
  validationErrors?: string[];
  startTimestamp?: Time;
  completionTimestamp?: Time;
  volumeSnapshotsAttempted?: number;
  volumeSnapshotsCompleted?: number;
  failureReason?: string;
  warnings?: number;
  errors?: number;
  progress?: BackupProgress;
  csiVolumeSnapshotsAttempted?: number;
  csiVolumeSnapshotsCompleted?: number;
  backupItemOperationsAttempted?: number;
  backupItemOperationsCompleted?: number;
  backupItemOperationsFailed?: number;
  hookStatus?: HookStatus;
}

/** A velero.io/v1 Backup. */
export type Backup = VeleroObject<"Backup", "velero.io/v1", BackupSpec, BackupStatus>;

const stringList = (description?: string) =>
  optional(arrayOf(str()), {
    nullable: true,
    ...(description === undefined ? {} : { description }),
  });

const execHookSchema = objectOf<ExecHook>({
  container: optional(str(), { description: "Container to run in; default the first one." }),
  command: required(arrayOf(str(), { minItems: 1 }), { go: "always" }),
  onError: optional(enumOf(HOOK_ERROR_MODES)),
  timeout: optional(duration(), { go: "always" }),
});

const backupResourceHookSchema = objectOf<BackupResourceHook>({
  exec: required(execHookSchema, { go: "alwaysOrNull" }),
});

/** Schema of {@link BackupHooks}, shared with Schedule templates. */
export const backupHooksSchema = objectOf<BackupHooks>({
  resources: optional(
    arrayOf(
      objectOf<BackupResourceHookSpec>({
        name: required(str(), { go: "always" }),
        includedNamespaces: stringList(),
        excludedNamespaces: stringList(),
        includedResources: stringList(),
        excludedResources: stringList(),
        labelSelector: optional(labelSelectorSchema, { nullable: true, go: "omitnil" }),
        pre: optional(arrayOf(backupResourceHookSchema)),
        post: optional(arrayOf(backupResourceHookSchema)),
      }),
    ),
    { nullable: true },
  ),
});

/** Schema of {@link HookStatus}. */
export const hookStatusSchema = objectOf<HookStatus>({
  hooksAttempted: optional(int()),
  hooksFailed: optional(int()),
});

/** Schema of {@link BackupSpec}, also a Schedule's `template`. */
export const backupSpecSchema = objectOf<BackupSpec>({
  metadata: optional(objectOf<BackupMetadata>({ labels: optional(mapOf(str())) }), {
    go: "always",
  }),
  includedNamespaces: stringList("Namespaces to include (globs); empty means all."),
  excludedNamespaces: stringList("Namespaces to leave out (globs)."),
  includedResources: stringList("Resources to include; empty means all."),
  excludedResources: stringList("Resources to leave out."),
  includedClusterScopedResources: stringList("Cluster-scoped resources to include."),
  excludedClusterScopedResources: stringList("Cluster-scoped resources to leave out."),
  includedNamespaceScopedResources: stringList("Namespaced resources to include."),
  excludedNamespaceScopedResources: stringList("Namespaced resources to leave out."),
  labelSelector: optional(labelSelectorSchema, { nullable: true, go: "omitnil" }),
  orLabelSelectors: optional(arrayOf(labelSelectorSchema), { nullable: true }),
  snapshotVolumes: optional(bool(), { nullable: true, go: "omitnil" }),
  ttl: optional(duration(), { go: "always", description: "Time to keep the backup." }),
  volumeGroupSnapshotLabelKey: optional(str()),
  includeClusterResources: optional(bool(), { nullable: true, go: "omitnil" }),
  hooks: optional(backupHooksSchema, { go: "always" }),
  storageLocation: optional(str(), { description: "BackupStorageLocation to write to." }),
  volumeSnapshotLocations: optional(arrayOf(str())),
  defaultVolumesToRestic: optional(bool(), { nullable: true, go: "omitnil" }),
  defaultVolumesToFsBackup: optional(bool(), { nullable: true, go: "omitnil" }),
  orderedResources: optional(mapOf(str()), { nullable: true }),
  csiSnapshotTimeout: optional(duration(), { go: "always" }),
  itemOperationTimeout: optional(duration(), { go: "always" }),
  resourcePolicy: optional(typedLocalObjectReferenceSchema, { go: "omitnil" }),
  snapshotMoveData: optional(bool(), { nullable: true, go: "omitnil" }),
  datamover: optional(str()),
  uploaderConfig: optional(
    objectOf<UploaderConfigForBackup>({ parallelFilesUpload: optional(int()) }),
    { nullable: true, go: "omitnil" },
  ),
});

const nullableTime = optional(time(), { nullable: true, go: "omitnil" });

/** Schema of {@link BackupStatus}. */
export const backupStatusSchema = objectOf<BackupStatus>({
  version: optional(int()),
  formatVersion: optional(str()),
  expiration: nullableTime,
  phase: optional(enumOf(BACKUP_PHASES)),
  queuePosition: optional(int()),
  validationErrors: stringList(),
  startTimestamp: nullableTime,
  completionTimestamp: nullableTime,
  volumeSnapshotsAttempted: optional(int()),
  volumeSnapshotsCompleted: optional(int()),
  failureReason: optional(str()),
  warnings: optional(int()),
  errors: optional(int()),
  progress: optional(
    objectOf<BackupProgress>({ totalItems: optional(int()), itemsBackedUp: optional(int()) }),
    { nullable: true, go: "omitnil" },
  ),
  csiVolumeSnapshotsAttempted: optional(int()),
  csiVolumeSnapshotsCompleted: optional(int()),
  backupItemOperationsAttempted: optional(int()),
  backupItemOperationsCompleted: optional(int()),
  backupItemOperationsFailed: optional(int()),
  hookStatus: optional(hookStatusSchema, { nullable: true, go: "omitnil" }),
});

/** Schema of a whole {@link Backup}. */
export const backupSchema = resourceSchema(
  { kind: "Backup", apiVersion: "velero.io/v1" },
  backupSpecSchema,
  backupStatusSchema,
);
