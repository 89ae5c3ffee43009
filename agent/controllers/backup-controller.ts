// The backup controller (Velero's backup-queue and backup controllers in one): New backups are
// validated and queued, queued backups start when a slot is free and no running or earlier
// backup shares a namespace, and backups left InProgress by a previous agent are failed.
import type { Backup } from "../../lib/api/index.js";
import { veleroResourceType } from "../../lib/kube/index.js";
import { Controller, ResourceInformer } from "../../lib/reconcile/index.js";
import type { AgentContext, AgentController } from "../agent-context.js";
import { noPodVolumeBackups, type PodVolumeBackupperFactory } from "../backup/index.js";
import { BackupDispatcher, isNewBackup, isWaitingBackup } from "../backup/backup-dispatcher.js";
import { builtInBackupItemActions, type BackupItemActionFactory } from "../item-actions/index.js";

/** Work-queue key that means "look at the queue" (not a valid object name). */
const queueKey = ":queue";
/** Velero re-checks queued backups every minute. */
const resyncMs = 60_000;

/** Options of {@link createBackupController}. */
export interface BackupControllerOptions {
  /** Backup item actions (default: Velero's built-in ones). */
  readonly actions?: readonly BackupItemActionFactory[];
  /** File-system backup of pod volumes (default: none). */
  readonly podVolumes?: PodVolumeBackupperFactory;
  /** How often running backups patch status.progress (default 1 s). */
  readonly progressIntervalMs?: number;
}

/** The `backup` controller with the given engine options. */
export function createBackupController(
  ctx: AgentContext,
  options: BackupControllerOptions = {},
): AgentController {
  const namespace = ctx.config.namespace;
  const informer = new ResourceInformer<Backup>({
    kc: ctx.kc,
    rest: ctx.rest,
    type: veleroResourceType("Backup"),
    namespace,
    logger: ctx.logger,
    clock: ctx.clock,
  });
  const enqueue = (key: string): void => {
    controller.enqueue(key);
  };
  const dispatcher = createDispatcher(ctx, options, () => {
    enqueue(queueKey);
  });
  const controller = new Controller({
    name: "backup",
    workers: 1,
    logger: ctx.logger,
    clock: ctx.clock,
    reconciler: {
      reconcile: async (key, signal) => {
        if (key === queueKey) await dispatcher.schedule(signal);
        else await dispatcher.queueNew(key, signal);
        return undefined;
      },
    },
  });
  const consider = (backup: Backup): void => {
    if (isNewBackup(backup)) enqueue(backup.metadata.name ?? "");
    else if (isWaitingBackup(backup)) enqueue(queueKey);
  };
  informer.onChange((type, backup) => {
    if (type !== "delete") consider(backup);
  });
  return {
    name: "backup",
    run: async (signal) => {
      await dispatcher.failInterruptedBackups();
      await informer.start(signal);
      const resync = setInterval(() => {
        resyncAll(ctx, informer, consider);
      }, resyncMs);
      try {
        await controller.run(signal);
      } finally {
        clearInterval(resync);
        await dispatcher.settled();
      }
    },
  };
}

function resyncAll(
  ctx: AgentContext,
  informer: ResourceInformer<Backup>,
  consider: (backup: Backup) => void,
): void {
  const all = informer.list(ctx.config.namespace);
  ctx.metrics.backupTotal.set(all.length);
  for (const backup of all) consider(backup);
}

function createDispatcher(
  ctx: AgentContext,
  options: BackupControllerOptions,
  onRunFinished: () => void,
): BackupDispatcher {
  return new BackupDispatcher({
    ctx,
    actionFactories: options.actions ?? builtInBackupItemActions,
    podVolumes: options.podVolumes ?? noPodVolumeBackups,
    onRunFinished,
    ...(options.progressIntervalMs === undefined
      ? {}
      : { progressIntervalMs: options.progressIntervalMs }),
  });
}

/** The `backup` controller with Velero's built-in actions and no pod volume backups. */
export function backupController(ctx: AgentContext): AgentController {
  return createBackupController(ctx);
}
