// Moves Backups through their phases: New ⇒ (validated) Queued ⇒ InProgress ⇒ final, running
// several at once when their namespaces do not overlap, and failing backups a previous agent
// left InProgress. The runs outlive the reconciles that start them and are tracked here.
import {
  formatTime,
  SCHEDULE_NAME_LABEL,
  type Backup,
  type BackupPhase,
  type BackupStorageLocation,
} from "../../lib/api/index.js";
import { errorMessage } from "../../lib/errors.js";
import { isNotFound, type KubeList } from "../../lib/kube/index.js";
import type { AgentContext } from "../agent-context.js";
import type { BackupItemActionFactory } from "../item-actions/index.js";
import { recordBackupOutcome, recordValidationFailure } from "./backup-metrics.js";
import {
  namespaceScopeOf,
  nextQueuePosition,
  runnableBackups,
  type QueuedBackup,
  type RunningBackup,
} from "./backup-queue.js";
import { prepareBackup, type PreparedBackup } from "./backup-request.js";
import { runBackup, type BackupOutcome } from "./backup-runner.js";
import type { PodVolumeBackupperFactory } from "./pod-volume-backupper.js";

/** What the dispatcher needs. */
export interface DispatcherDeps {
  readonly ctx: AgentContext;
  readonly actionFactories: readonly BackupItemActionFactory[];
  readonly podVolumes: PodVolumeBackupperFactory;
  /** Called when a run ends (to look at the queue again). */
  readonly onRunFinished: () => void;
  /** How often running backups patch status.progress (default 1 s). */
  readonly progressIntervalMs?: number;
}

const waitingPhases: readonly (BackupPhase | undefined)[] = ["Queued", "ReadyToStart"];

function phaseOf(backup: Backup): BackupPhase | undefined {
  return backup.status?.phase;
}

/** True for a backup nobody has looked at yet (phase empty or New). */
export function isNewBackup(backup: Backup): boolean {
  const phase = phaseOf(backup);
  return phase === undefined || phase === "New";
}

/** True for a backup waiting in the queue. */
export function isWaitingBackup(backup: Backup): boolean {
  return waitingPhases.includes(phaseOf(backup));
}

/** Runs the backup lifecycle; see the file comment. */
export class BackupDispatcher {
  readonly #deps: DispatcherDeps;
  readonly #running = new Map<string, RunningBackup & { readonly done: Promise<void> }>();

  constructor(deps: DispatcherDeps) {
    this.#deps = deps;
  }

  /** Names of the backups running in this agent. */
  get running(): readonly string[] {
    return [...this.#running.keys()];
  }

  /** Resolves when every run started so far has ended. */
  async settled(): Promise<void> {
    await Promise.all([...this.#running.values()].map((r) => r.done));
  }

  /**
   * Marks every InProgress backup Failed, with Velero's failure reason: a backup found
   * InProgress when the agent starts was interrupted and will never finish.
   */
  async failInterruptedBackups(): Promise<void> {
    const ctx = this.#deps.ctx;
    for (const backup of await ctx.velero.backups.list()) {
      if (phaseOf(backup) !== "InProgress" || this.#running.has(backup.metadata.name ?? ""))
        continue;
      const failureReason = `found a backup with status "InProgress" during the server starting, mark it as "Failed"`;
      await ctx.velero.backups.patchStatus(backup.metadata.name ?? "", {
        phase: "Failed",
        failureReason,
        completionTimestamp: formatTime(ctx.clock.now()),
      });
      ctx.logger.warn(failureReason, { backup: backup.metadata.name });
    }
  }

  /** Validates a New backup and queues it (or fails its validation). */
  async queueNew(name: string, signal: AbortSignal): Promise<void> {
    const backup = await this.#get(name);
    if (backup === undefined || !isNewBackup(backup)) return;
    const prepared = await prepareBackup(this.#deps.ctx, backup);
    if (prepared.validationErrors.length > 0) {
      await this.#failValidation(prepared);
      return;
    }
    const queued = (await this.#deps.ctx.velero.backups.list()).filter(isWaitingBackup);
    const queuePosition = nextQueuePosition(queued.map(toPosition));
    await this.#deps.ctx.velero.backups.patchStatus(name, { phase: "Queued", queuePosition });
    this.#deps.ctx.logger.info(`Queueing backup ${name}, queue position ${String(queuePosition)}`);
    await this.schedule(signal);
  }

  /** Starts every queued backup that may run now, then renumbers the rest of the queue. */
  async schedule(signal: AbortSignal): Promise<void> {
    const ctx = this.#deps.ctx;
    const waiting = (await ctx.velero.backups.list())
      .filter(isWaitingBackup)
      .filter((b) => !this.#running.has(b.metadata.name ?? ""));
    if (waiting.length === 0) return;
    const clusterNamespaces = await this.#clusterNamespaces();
    const queued: QueuedBackup[] = waiting.map((b) => ({
      name: b.metadata.name ?? "",
      queuePosition: toPosition(b).queuePosition,
      scope: namespaceScopeOf(b, clusterNamespaces),
    }));
    const start = runnableBackups(
      queued,
      [...this.#running.values()],
      ctx.config.concurrentBackups,
    );
    for (const candidate of start) {
      const backup = waiting.find((b) => b.metadata.name === candidate.name);
      if (backup !== undefined) await this.#start(backup, candidate, signal);
    }
    const started = new Set(start.map((b) => b.name));
    await this.#renumber(queued.filter((b) => !started.has(b.name)));
  }

  async #start(backup: Backup, entry: QueuedBackup, signal: AbortSignal): Promise<void> {
    const ctx = this.#deps.ctx;
    const prepared = await prepareBackup(ctx, backup);
    if (prepared.validationErrors.length > 0 || prepared.location === undefined) {
      await this.#failValidation(prepared);
      return;
    }
    const name = entry.name;
    const inProgress = await ctx.velero.backups.patch(name, {
      metadata: {
        labels: prepared.backup.metadata.labels,
        annotations: prepared.backup.metadata.annotations,
      },
      spec: prepared.backup.spec,
      status: {
        ...prepared.backup.status,
        phase: "InProgress",
        startTimestamp: formatTime(ctx.clock.now()),
        queuePosition: null,
      },
    });
    ctx.logger.info(`Dequeueing backup ${name}, moving to InProgress`);
    ctx.metrics.backupAttempt.inc({ schedule: scheduleOf(inProgress) });
    const done = this.#run(inProgress, prepared.location, signal);
    this.#running.set(name, { name, scope: entry.scope, done });
  }

  async #run(backup: Backup, location: BackupStorageLocation, signal: AbortSignal): Promise<void> {
    const name = backup.metadata.name ?? "";
    const ctx = this.#deps.ctx;
    try {
      const outcome = await runBackup(
        {
          ctx,
          actionFactories: this.#deps.actionFactories,
          podVolumes: this.#deps.podVolumes,
          ...(this.#deps.progressIntervalMs === undefined
            ? {}
            : { progressIntervalMs: this.#deps.progressIntervalMs }),
        },
        backup,
        location,
        signal,
      );
      await this.#finish(outcome);
    } catch (error) {
      if (!signal.aborted)
        ctx.logger.error("backup run failed", { backup: name, error: errorMessage(error) });
    } finally {
      this.#running.delete(name);
      if (!signal.aborted) this.#deps.onRunFinished();
    }
  }

  async #finish(outcome: BackupOutcome): Promise<void> {
    const ctx = this.#deps.ctx;
    const backup = outcome.backup;
    const name = backup.metadata.name ?? "";
    await patchWithRetries(ctx, () => ctx.velero.backups.patchStatus(name, backup.status ?? {}));
    recordBackupOutcome(ctx.metrics, backup, outcome.tarballBytes);
    ctx.logger.info(`Backup ${name} ended ${backup.status?.phase ?? ""}`, {
      backup: name,
      items: backup.status?.progress?.itemsBackedUp ?? 0,
      ...(backup.status?.failureReason === undefined
        ? {}
        : { failureReason: backup.status.failureReason }),
    });
  }

  async #failValidation(prepared: PreparedBackup): Promise<void> {
    const ctx = this.#deps.ctx;
    const { backup } = prepared;
    const name = backup.metadata.name ?? "";
    await ctx.velero.backups.patch(name, {
      metadata: { labels: backup.metadata.labels, annotations: backup.metadata.annotations },
      spec: backup.spec,
      status: {
        ...backup.status,
        phase: "FailedValidation",
        validationErrors: prepared.validationErrors,
        queuePosition: null,
      },
    });
    recordValidationFailure(ctx.metrics, backup);
    ctx.logger.info(`Backup ${name} failed validation`, {
      backup: name,
      errors: prepared.validationErrors,
    });
  }

  async #renumber(remaining: readonly QueuedBackup[]): Promise<void> {
    const ordered = [...remaining].sort((a, b) => a.queuePosition - b.queuePosition);
    for (const [index, entry] of ordered.entries()) {
      if (entry.queuePosition === index + 1 || entry.queuePosition === 0) continue;
      await this.#deps.ctx.velero.backups.patchStatus(entry.name, { queuePosition: index + 1 });
    }
  }

  async #get(name: string): Promise<Backup | undefined> {
    try {
      return await this.#deps.ctx.velero.backups.get(name);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async #clusterNamespaces(): Promise<string[]> {
    const list = await this.#deps.ctx.rest.request<KubeList>({
      method: "GET",
      path: "/api/v1/namespaces",
    });
    return list.items.flatMap((ns) => ns.metadata?.name ?? []);
  }
}

function toPosition(backup: Backup): { queuePosition: number } {
  return {
    queuePosition: phaseOf(backup) === "ReadyToStart" ? 0 : (backup.status?.queuePosition ?? 0),
  };
}

function scheduleOf(backup: Backup): string {
  return backup.metadata.labels?.[SCHEDULE_NAME_LABEL] ?? "";
}

async function patchWithRetries(ctx: AgentContext, patch: () => Promise<unknown>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await patch();
      return;
    } catch (error) {
      if (attempt >= 5) throw error;
      await ctx.clock.sleep(200 * 2 ** attempt);
    }
  }
}
