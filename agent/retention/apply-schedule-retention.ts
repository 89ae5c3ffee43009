// Enforces a Schedule's retention policy through the normal deletion path: every backup the
// policy removes gets a DeleteBackupRequest (one per backup, never a second while one exists).
import {
  buildDeleteBackupRequest,
  getValidLabelValue,
  SCHEDULE_NAME_LABEL,
  type Backup,
  type DeleteBackupRequest,
  type Schedule,
} from "../../lib/api/index.js";
import { errorMessage } from "../../lib/errors.js";
import type { VeleroResourceClient } from "../../lib/kube/index.js";
import type { Logger } from "../../lib/log.js";
import { deletionRequestSelector } from "../deletion/index.js";
import type { RetentionPolicy } from "./retention-policy.js";
import { decideScheduleRetention } from "./schedule-retention.js";

/** What enforcing a policy needs. */
export interface ScheduleRetentionDeps {
  readonly velero: {
    readonly namespace: string;
    readonly backups: VeleroResourceClient<Backup>;
    readonly deleteBackupRequests: VeleroResourceClient<DeleteBackupRequest>;
  };
  readonly logger: Logger;
}

/**
 * Requests the deletion of the schedule's backups that `policy` does not keep (see
 * `decideScheduleRetention`). A backup that already has a DeleteBackupRequest, in any phase, gets
 * none: a refused one (e.g. a ReadOnly location) is retried when the deletion controller
 * removes it after 24 h. Resolves with the names whose deletion it requested; a failed request
 * is logged and the others go on.
 */
export async function applyScheduleRetention(
  deps: ScheduleRetentionDeps,
  schedule: Schedule,
  policy: RetentionPolicy,
): Promise<string[]> {
  const scheduleName = schedule.metadata.name ?? "";
  const selector = `${SCHEDULE_NAME_LABEL}=${getValidLabelValue(scheduleName)}`;
  const backups = await deps.velero.backups.list(selector);
  const { remove } = decideScheduleRetention(backups, scheduleName, policy);
  const requested: string[] = [];
  for (const { backup, name } of remove) {
    const selectorOfRequests = deletionRequestSelector(name, backup.metadata.uid ?? "");
    try {
      const existing = await deps.velero.deleteBackupRequests.list(selectorOfRequests);
      if (existing.length > 0) continue;
      await deps.velero.deleteBackupRequests.create(
        buildDeleteBackupRequest(backup, deps.velero.namespace),
      );
      requested.push(name);
    } catch (error) {
      deps.logger.warn("could not request the deletion of a backup the retention policy drops", {
        schedule: scheduleName,
        backup: name,
        error: errorMessage(error),
      });
    }
  }
  if (requested.length > 0) {
    deps.logger.info("retention policy requested backup deletions", {
      schedule: scheduleName,
      backups: requested,
    });
  }
  return requested;
}
