// DeleteBackupRequests as the garbage collector, retention and the deletion controller make
// and find them (Velero's NewDeleteBackupRequest and its label selectors).
import {
  BACKUP_NAME_LABEL,
  BACKUP_UID_LABEL,
  getValidLabelValue,
  type Backup,
  type DeleteBackupRequest,
} from "../../lib/api/index.js";

/**
 * A request to delete `backup`: `generateName: <backup>-`, labels `velero.io/backup-name`
 * (label-safe) and `velero.io/backup-uid`, `spec.backupName`.
 */
export function buildDeleteBackupRequest(backup: Backup, namespace: string): DeleteBackupRequest {
  const name = backup.metadata.name ?? "";
  return {
    apiVersion: "velero.io/v1",
    kind: "DeleteBackupRequest",
    metadata: {
      generateName: `${name}-`,
      namespace,
      labels: {
        [BACKUP_NAME_LABEL]: getValidLabelValue(name),
        [BACKUP_UID_LABEL]: backup.metadata.uid ?? "",
      },
    },
    spec: { backupName: name },
  };
}

/** Label selector of the requests for a backup name (and UID, when given). */
export function deletionRequestSelector(backupName: string, backupUid?: string): string {
  const byName = `${BACKUP_NAME_LABEL}=${getValidLabelValue(backupName)}`;
  return backupUid === undefined ? byName : `${byName},${BACKUP_UID_LABEL}=${backupUid}`;
}

/** True for a request not yet processed (phase "", New or InProgress). */
export function isPendingDeletion(request: DeleteBackupRequest): boolean {
  const phase = request.status?.phase;
  return phase === undefined || phase === "New" || phase === "InProgress";
}
