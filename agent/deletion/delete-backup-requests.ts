// DeleteBackupRequests as the garbage collector, retention and the deletion controller find
// them (the label selectors of Velero's requests; lib/api builds the requests).
import {
  BACKUP_NAME_LABEL,
  BACKUP_UID_LABEL,
  getValidLabelValue,
  type DeleteBackupRequest,
} from "../../lib/api/index.js";

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
