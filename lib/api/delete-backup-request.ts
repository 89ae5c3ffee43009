// The DeleteBackupRequest kind (velero.io/v1): a request to delete a backup and its data.
import type { Backup } from "./backup.js";
import { BACKUP_NAME_LABEL, BACKUP_UID_LABEL, getValidLabelValue } from "./labels.js";
import { resourceSchema, type VeleroObject } from "./object.js";
import { arrayOf, enumOf, objectOf, optional, required, str } from "./schema/dsl.js";

/** DeleteBackupRequest phases. */
export const DELETE_BACKUP_REQUEST_PHASES = ["New", "InProgress", "Processed"] as const;
/** A DeleteBackupRequest's `status.phase`. */
export type DeleteBackupRequestPhase = (typeof DELETE_BACKUP_REQUEST_PHASES)[number];

/** The backup to delete. */
export interface DeleteBackupRequestSpec {
  backupName: string;
}

/** The outcome of a deletion. */
export interface DeleteBackupRequestStatus {
  phase?: DeleteBackupRequestPhase;
  errors?: string[];
}

/** A velero.io/v1 DeleteBackupRequest. */
export type DeleteBackupRequest = VeleroObject<
  "DeleteBackupRequest",
  "velero.io/v1",
  DeleteBackupRequestSpec,
  DeleteBackupRequestStatus
>;

/** Schema of a whole {@link DeleteBackupRequest}. */
export const deleteBackupRequestSchema = resourceSchema(
  { kind: "DeleteBackupRequest", apiVersion: "velero.io/v1" },
  objectOf<DeleteBackupRequestSpec>({
    backupName: required(str(), { go: "always", description: "Backup to delete." }),
  }),
  objectOf<DeleteBackupRequestStatus>({
    phase: optional(enumOf(DELETE_BACKUP_REQUEST_PHASES)),
    errors: optional(arrayOf(str()), { nullable: true }),
  }),
);

/**
 * The request Velero makes to delete `backup` (NewDeleteBackupRequest): `generateName: <backup>-`
 * in `namespace`, labels `velero.io/backup-name` (label-safe) and `velero.io/backup-uid`, and
 * `spec.backupName`.
 */
export function buildDeleteBackupRequest(backup: Backup, namespace: string): DeleteBackupRequest {
  const name = backup.metadata.name ?? "";
  return {
    apiVersion: "velero.io/v1",
    kind: "DeleteBackupRequest",
    metadata: {
      namespace,
      generateName: `${name}-`,
      labels: {
        [BACKUP_NAME_LABEL]: getValidLabelValue(name),
        [BACKUP_UID_LABEL]: backup.metadata.uid ?? "",
      },
    },
    spec: { backupName: name },
  };
}
