// The Restore kind (velero.io/v1): phases, spec and status types, and their schema.
import {
  HOOK_ERROR_MODES,
  hookStatusSchema,
  type HookErrorMode,
  type HookStatus,
} from "./backup.js";
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
  unknownObject,
} from "./schema/dsl.js";
import type { Duration } from "./duration.js";
import type { Time } from "./time.js";

/** Restore phases in Velero's CRD order. */
export const RESTORE_PHASES = [
  "New",
  "FailedValidation",
  "InProgress",
  "WaitingForPluginOperations",
  "WaitingForPluginOperationsPartiallyFailed",
  "Completed",
  "PartiallyFailed",
  "Failed",
  "Finalizing",
  "FinalizingPartiallyFailed",
] as const;
/** A Restore's `status.phase`. */
export type RestorePhase = (typeof RESTORE_PHASES)[number];

/**
 * What a restore does with an object that already exists: `none` leaves it, `update` patches
 * it. Velero's CRD does not enumerate these (the controller validates them), nor does ours.
 */
export const EXISTING_RESOURCE_POLICIES = ["none", "update"] as const;
/** A Restore's `spec.existingResourcePolicy`. */
export type PolicyType = (typeof EXISTING_RESOURCE_POLICIES)[number];

/** A command run in a restored pod's container once it is ready. */
export interface ExecRestoreHook {
  container?: string;
  command: string[];
  /** Default `Continue`. */
  onError?: HookErrorMode;
  /** Default 30s. */
  execTimeout?: Duration;
  /** Empty: wait for the container without limit. */
  waitTimeout?: Duration;
  waitForReady?: boolean;
}

/** Init containers added to restored pods; each entry is a corev1 Container, kept verbatim. */
export interface InitRestoreHook {
  initContainers?: Record<string, unknown>[];
  timeout?: Duration;
}

/** One restore hook: `exec` or `init`. */
export interface RestoreResourceHook {
  exec?: ExecRestoreHook;
  init?: InitRestoreHook;
}

/** Hooks for the pods a selector picks. */
export interface RestoreResourceHookSpec {
  name: string;
  includedNamespaces?: string[];
  excludedNamespaces?: string[];
  includedResources?: string[];
  excludedResources?: string[];
  labelSelector?: LabelSelector;
  postHooks?: RestoreResourceHook[];
}

/** `spec.hooks`. */
export interface RestoreHooks {
  resources?: RestoreResourceHookSpec[];
}

/** `spec.restoreStatus`: resources whose status is restored too. */
export interface RestoreStatusSpec {
  includedResources?: string[];
  excludedResources?: string[];
}

/** `spec.uploaderConfig`. */
export interface UploaderConfigForRestore {
  writeSparseFiles?: boolean;
  parallelFilesDownload?: number;
}

/** What to restore and how. Exactly one of `backupName` and `scheduleName` is set. */
export interface RestoreSpec {
  backupName?: string;
  scheduleName?: string;
  includedNamespaces?: string[];
  excludedNamespaces?: string[];
  includedResources?: string[];
  excludedResources?: string[];
  namespaceMapping?: Record<string, string>;
  labelSelector?: LabelSelector;
  orLabelSelectors?: LabelSelector[];
  restorePVs?: boolean;
  restoreStatus?: RestoreStatusSpec;
  preserveNodePorts?: boolean;
  includeClusterResources?: boolean;
  hooks?: RestoreHooks;
  existingResourcePolicy?: PolicyType;
  itemOperationTimeout?: Duration;
  resourceModifier?: TypedLocalObjectReference;
  uploaderConfig?: UploaderConfigForRestore;
}

/** `status.progress`. */
export interface RestoreProgress {
  totalItems?: number;
  itemsRestored?: number;
}

/** What the server records about a restore. */
export interface RestoreStatus {
  phase?: RestorePhase;
  validationErrors?: string[];
  warnings?: number;
  errors?: number;
  failureReason?: string;
  startTimestamp?: Time;
  completionTimestamp?: Time;
  progress?: RestoreProgress;
  restoreItemOperationsAttempted?: number;
  restoreItemOperationsCompleted?: number;
  restoreItemOperationsFailed?: number;
  hookStatus?: HookStatus;
}

/** A velero.io/v1 Restore. */
export type Restore = VeleroObject<"Restore", "velero.io/v1", RestoreSpec, RestoreStatus>;

const stringList = () => optional(arrayOf(str()), { nullable: true });
const nullableTime = optional(time(), { nullable: true, go: "omitnil" });

const restoreResourceHookSchema = objectOf<RestoreResourceHook>({
  exec: optional(
    objectOf<ExecRestoreHook>({
      container: optional(str()),
      command: required(arrayOf(str(), { minItems: 1 }), { go: "always" }),
      onError: optional(enumOf(HOOK_ERROR_MODES)),
      execTimeout: optional(duration(), { go: "always" }),
      waitTimeout: optional(duration(), { go: "always" }),
      waitForReady: optional(bool(), { nullable: true, go: "omitnil" }),
    }),
    { go: "omitnil" },
  ),
  init: optional(
    objectOf<InitRestoreHook>({
      initContainers: optional(arrayOf(unknownObject(), { preserveUnknownFields: true }), {
        go: "always",
      }),
      timeout: optional(duration(), { go: "always" }),
    }),
    { go: "omitnil" },
  ),
});

const restoreSpecSchema = objectOf<RestoreSpec>({
  backupName: optional(str(), { description: "Backup to restore from." }),
  scheduleName: optional(str(), { description: "Schedule whose latest backup to restore." }),
  includedNamespaces: stringList(),
  excludedNamespaces: stringList(),
  includedResources: stringList(),
  excludedResources: stringList(),
  namespaceMapping: optional(mapOf(str()), { description: "Source namespace → target." }),
  labelSelector: optional(labelSelectorSchema, { nullable: true, go: "omitnil" }),
  orLabelSelectors: optional(arrayOf(labelSelectorSchema), { nullable: true }),
  restorePVs: optional(bool(), { nullable: true, go: "omitnil" }),
  restoreStatus: optional(
    objectOf<RestoreStatusSpec>({
      includedResources: stringList(),
      excludedResources: stringList(),
    }),
    { nullable: true, go: "omitnil" },
  ),
  preserveNodePorts: optional(bool(), { nullable: true, go: "omitnil" }),
  includeClusterResources: optional(bool(), { nullable: true, go: "omitnil" }),
  hooks: optional(
    objectOf<RestoreHooks>({
      resources: optional(
        arrayOf(
          objectOf<RestoreResourceHookSpec>({
            name: required(str(), { go: "always" }),
            includedNamespaces: stringList(),
            excludedNamespaces: stringList(),
            includedResources: stringList(),
            excludedResources: stringList(),
            labelSelector: optional(labelSelectorSchema, { nullable: true, go: "omitnil" }),
            postHooks: optional(arrayOf(restoreResourceHookSchema)),
          }),
        ),
      ),
    }),
    { go: "always" },
  ),
  existingResourcePolicy: optional(enumOf(EXISTING_RESOURCE_POLICIES, { inCrd: false }), {
    nullable: true,
  }),
  itemOperationTimeout: optional(duration(), { go: "always" }),
  resourceModifier: optional(typedLocalObjectReferenceSchema, { nullable: true, go: "omitnil" }),
  uploaderConfig: optional(
    objectOf<UploaderConfigForRestore>({
      writeSparseFiles: optional(bool(), { nullable: true, go: "omitnil" }),
      parallelFilesDownload: optional(int()),
    }),
    { nullable: true, go: "omitnil" },
  ),
});

const restoreStatusSchema = objectOf<RestoreStatus>({
  phase: optional(enumOf(RESTORE_PHASES)),
  validationErrors: stringList(),
  warnings: optional(int()),
  errors: optional(int()),
  failureReason: optional(str()),
  startTimestamp: nullableTime,
  completionTimestamp: nullableTime,
  progress: optional(
    objectOf<RestoreProgress>({ totalItems: optional(int()), itemsRestored: optional(int()) }),
    { nullable: true, go: "omitnil" },
  ),
  restoreItemOperationsAttempted: optional(int()),
  restoreItemOperationsCompleted: optional(int()),
  restoreItemOperationsFailed: optional(int()),
  hookStatus: optional(hookStatusSchema, { nullable: true, go: "omitnil" }),
});

/** Schema of a whole {@link Restore}. */
export const restoreSchema = resourceSchema(
  { kind: "Restore", apiVersion: "velero.io/v1" },
  restoreSpecSchema,
  restoreStatusSchema,
);
