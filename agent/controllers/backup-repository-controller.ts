// The `backup-repo` controller: BackupRepositories made Ready (the repository initialised in the
// bucket when missing) and maintained on their frequency, inside the agent.
import type { BackupRepository } from "../../lib/api/index.js";
import { isNotFound } from "../../lib/kube/index.js";
import type { AgentContext, AgentController } from "../agent-context.js";
import {
  BackupRepositoryReconciler,
  LocationRepositories,
  RepositoryPasswords,
} from "../repository/index.js";
import { kindController } from "./kind-controller.js";

async function orUndefined<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** Builds the controller; `repositories` overrides how repositories are opened (tests). */
export function backupRepositoryController(
  ctx: AgentContext,
  repositories?: LocationRepositories,
): AgentController {
  const opener =
    repositories ??
    new LocationRepositories({
      locations: ctx.locations,
      passwords: new RepositoryPasswords({ rest: ctx.rest, namespace: ctx.config.namespace }),
      clock: ctx.clock,
      logger: ctx.logger,
    });
  const reconciler = new BackupRepositoryReconciler({
    repos: {
      get: (name) => orUndefined(() => ctx.velero.backupRepositories.get(name)),
      patch: (name, patch) => ctx.velero.backupRepositories.patch(name, patch),
    },
    getLocation: (name) => orUndefined(() => ctx.velero.backupStorageLocations.get(name)),
    open: (target, create) => opener.open(target, create),
    clock: ctx.clock,
    logger: ctx.logger.child({ controller: "backup-repo" }),
    metrics: {
      recordSuccess: (repository, seconds) => {
        ctx.metrics.repoMaintenanceSuccess.inc({ repository_name: repository });
        ctx.metrics.repoMaintenanceDuration.observe({ repository_name: repository }, seconds);
      },
      recordFailure: (repository, seconds) => {
        ctx.metrics.repoMaintenanceFailure.inc({ repository_name: repository });
        ctx.metrics.repoMaintenanceDuration.observe({ repository_name: repository }, seconds);
      },
    },
    defaultFrequencyMs: ctx.config.defaultRepoMaintainFrequencyMs,
  });
  return kindController<BackupRepository>(ctx, {
    name: "backup-repo",
    kind: "BackupRepository",
    workers: 2,
    resyncMs: 5 * 60_000,
    reconciler: () => ({ reconcile: (name) => reconciler.reconcile(name) }),
  });
}
