// Backup deletion with file-system snapshots: the `backup-deletion` controller given the
// repository snapshot deleter over the agent's locations and repository passwords.
import type { AgentContext, AgentController } from "../agent-context.js";
import { createDeleteBackupRequestController } from "../controllers/delete-backup-request-controller.js";
import { withAgentCsiSnapshotDeletion } from "../csi/index.js";
import {
  LocationRepositories,
  RepositoryPasswords,
  repositorySnapshotDeleter,
} from "../repository/index.js";

/** The `backup-deletion` controller that also deletes the backup's pod volume snapshots. */
export function deleteBackupRequestControllerWithSnapshots(ctx: AgentContext): AgentController {
  const repositories = new LocationRepositories({
    locations: ctx.locations,
    passwords: new RepositoryPasswords({ rest: ctx.rest, namespace: ctx.config.namespace }),
    clock: ctx.clock,
    logger: ctx.logger,
  });
  const snapshots = withAgentCsiSnapshotDeletion(ctx, repositorySnapshotDeleter(repositories));
  return createDeleteBackupRequestController({ snapshots })(ctx);
}
