// The agent's way of making sure a BackupRepository is Ready before node-agents use it, with
// the agent's maintenance frequency and resource timeout: one closure for pod volume backups,
// pod volume restores and moved snapshot data.
import type { AgentContext } from "../agent-context.js";
import { ensureBackupRepository, type RepositoryTarget } from "../repository/index.js";

/** Ensures `target`'s BackupRepository exists and is Ready (see ensureBackupRepository). */
export type AgentRepositoryEnsurer = (
  target: RepositoryTarget,
  signal?: AbortSignal,
) => Promise<void>;

/** The ensurer bound to the agent's clients and configuration. */
export function agentRepositoryEnsurer(ctx: AgentContext): AgentRepositoryEnsurer {
  const deps = {
    velero: ctx.velero,
    clock: ctx.clock,
    maintenanceFrequencyMs: ctx.config.defaultRepoMaintainFrequencyMs,
    timeoutMs: ctx.config.resourceTimeoutMs,
  };
  return async (target, signal) => {
    await ensureBackupRepository(deps, target, signal);
  };
}
