// Runs one backup from InProgress to its final phase: streams the items into the archive while
// uploading it, then writes the log, the side files and velero-backup.json (last), and returns
// the Backup with its final status.
import {
  BACKUP_UID_LABEL,
  encodeBackupForStore,
  formatTime,
  parseDuration,
  POD_VOLUME_TIMEOUT_ANNOTATION,
  type Backup,
  type BackupPhase,
  type BackupStatus,
  type BackupStorageLocation,
} from "../../lib/api/index.js";
import { ArchiveWriter } from "../../lib/archive/index.js";
import type { BackupUpload, KubeObjectJson } from "../../lib/backup-store/index.js";
import { errorMessage } from "../../lib/errors.js";
import type { AgentContext } from "../agent-context.js";
import { finishBackupCsiSnapshots } from "../csi/index.js";
import { clientNodePodExec, createBackupHookRunner, type PodHookRunner } from "../hooks/index.js";
import type { OpenedLocation } from "../storage/index.js";
import type { BackupItemActionFactory } from "../item-actions/index.js";
import { BackedUpItems } from "./backed-up-items.js";
import { BackupLog } from "./backup-log.js";
import { resolveBackupScope } from "./backup-scope.js";
import { BackupExistsError } from "./errors.js";
import { collectItems, getItem } from "./item-collector.js";
import { ItemBackupper } from "./item-backupper.js";
import type { PodVolumeBackupperFactory, PodVolumeBackupResults } from "./pod-volume-backupper.js";
import { ProgressCounter, ProgressReporter } from "./progress-reporter.js";

/** What a backup run needs. */
export interface BackupRunnerDeps {
  readonly ctx: Pick<
    AgentContext,
    "config" | "kc" | "rest" | "velero" | "locations" | "clock" | "logger"
  >;
  readonly actionFactories: readonly BackupItemActionFactory[];
  readonly podVolumes: PodVolumeBackupperFactory;
  /** Lists read ahead at once (default 4). */
  readonly listConcurrency?: number;
  /** How often status.progress is patched (default 1 s). */
  readonly progressIntervalMs?: number;
}

/** How a run ended. */
export interface BackupOutcome {
  /** The Backup with its final status (phase, timestamps, counters). */
  readonly backup: Backup;
  /** Size of the uploaded tarball (0 when none was uploaded). */
  readonly tarballBytes: number;
}

interface Run {
  readonly deps: BackupRunnerDeps;
  readonly backup: Backup;
  readonly name: string;
  readonly log: BackupLog;
  readonly items: BackedUpItems;
  readonly counter: ProgressCounter;
  readonly signal: AbortSignal;
  readonly hooks: PodHookRunner;
  /** `status.csiVolumeSnapshotsAttempted/Completed`, known once the items are written. */
  readonly csiSnapshots: { attempted: number; completed: number };
}

/**
 * Runs `backup` (already InProgress, with the server's mutations) against `location`. Never
 * throws for a failed backup: the outcome's phase is Failed with a `failureReason`. Throws only
 * when `signal` aborts (the agent is stopping), leaving the backup as it is.
 */
export async function runBackup(
  deps: BackupRunnerDeps,
  backup: Backup,
  location: BackupStorageLocation,
  signal: AbortSignal,
): Promise<BackupOutcome> {
  const name = backup.metadata.name ?? "";
  const log = new BackupLog({
    clock: deps.ctx.clock,
    level: deps.ctx.config.logLevel,
    fields: { backup: `${backup.metadata.namespace ?? ""}/${name}` },
    mirror: deps.ctx.logger.child({ backup: name }),
  });
  const run: Run = {
    deps,
    backup,
    name,
    log,
    items: new BackedUpItems(),
    counter: new ProgressCounter(),
    signal,
    hooks: podHooks(deps, backup, log, signal),
    csiSnapshots: { attempted: 0, completed: 0 },
  };
  let opened: OpenedLocation;
  try {
    opened = await deps.ctx.locations.open(location);
    log.logger.info("Setting up backup store to check for backup existence");
    if (await opened.store.backupExists(name)) throw new BackupExistsError();
  } catch (error) {
    const reason =
      error instanceof BackupExistsError
        ? error.message
        : `error checking if backup already exists in object storage: ${errorMessage(error)}`;
    return { backup: finalBackup(run, "Failed", reason), tarballBytes: 0 };
  }
  return streamBackup(run, opened);
}

async function streamBackup(run: Run, opened: OpenedLocation): Promise<BackupOutcome> {
  const writer = new ArchiveWriter({ clock: run.deps.ctx.clock });
  const upload = opened.store.startBackup(run.name);
  const uploading = upload.uploadContents(writer.stream).catch((error: unknown) => {
    writer.abort(error instanceof Error ? error : new Error(String(error)));
    throw error;
  });
  uploading.catch(() => undefined);
  const { fatal, podVolumes } = await collect(run, writer);
  if (run.signal.aborted) {
    writer.abort(new Error("the agent is stopping"));
    await upload.abort().catch(() => undefined);
    throw run.signal.reason;
  }
  try {
    await writer.finish();
    await uploading;
  } catch (error) {
    await upload.abort().catch(() => undefined);
    return {
      backup: finalBackup(
        run,
        "Failed",
        `error uploading the backup tarball: ${errorMessage(error)}`,
      ),
      tarballBytes: 0,
    };
  }
  return persist(run, { opened, upload, fatal, podVolumes });
}

async function collect(
  run: Run,
  writer: ArchiveWriter,
): Promise<{ fatal: unknown; podVolumes: PodVolumeBackupResults }> {
  const { deps, backup, log } = run;
  const ctx = deps.ctx;
  const podVolumes = deps.podVolumes({
    backup,
    log: log.logger,
    timeoutMs: podVolumeTimeoutMs(run),
  });
  const reporter = new ProgressReporter({
    counter: run.counter,
    clock: ctx.clock,
    intervalMs: deps.progressIntervalMs ?? 1000,
    log: log.logger,
    publish: async (progress) => {
      await ctx.velero.backups.patchStatus(run.name, { progress });
    },
  });
  reporter.start();
  try {
    await collectAll(run, writer, podVolumes);
    run.signal.throwIfAborted();
    const podVolumeResults = await podVolumes.waitAll(run.signal);
    const csi = await finishBackupCsiSnapshots(ctx, backup, log.logger);
    run.csiSnapshots.attempted = csi.attempted;
    run.csiSnapshots.completed = csi.completed;
    const volumeInfos = [...csi.volumeInfos, ...podVolumeResults.volumeInfos];
    return { fatal: undefined, podVolumes: { ...podVolumeResults, volumeInfos } };
  } catch (error) {
    if (!run.signal.aborted)
      log.logger.error("Error backing up items", { error: errorMessage(error) });
    return { fatal: error, podVolumes: { podVolumeBackups: [], volumeInfos: [] } };
  } finally {
    await reporter.stop();
  }
}

async function collectAll(
  run: Run,
  writer: ArchiveWriter,
  podVolumes: ReturnType<PodVolumeBackupperFactory>,
): Promise<void> {
  const { deps, backup, log } = run;
  const ctx = deps.ctx;
  log.logger.info("Writing backup version file");
  const scope = await resolveBackupScope({
    rest: ctx.rest,
    backup,
    actionFactories: deps.actionFactories,
    log: log.logger,
  });
  const written = new Set<string>();
  const backupper = new ItemBackupper({
    backup,
    writer,
    items: run.items,
    namespaces: scope.namespaces,
    resourceFilter: scope.resourceFilter,
    resources: scope.resources,
    actions: scope.actions,
    podVolumes,
    hooks: run.hooks,
    fetch: (resource, namespace, name) =>
      getItem(ctx.rest, resource, { namespace, name, signal: run.signal }),
    log: log.logger,
    onWritten: (resource) => {
      run.counter.itemsBackedUp++;
      written.add(resource.groupResource);
    },
  });
  await collectItems({
    rest: ctx.rest,
    backup,
    plan: scope.plan,
    resources: scope.resources,
    namespaces: scope.namespaces,
    namespaceObjects: scope.namespaceObjects,
    tracker: scope.tracker,
    resourceFilter: scope.resourceFilter,
    backupper,
    progress: run.counter,
    writtenGroupResources: written,
    log: log.logger,
    pageSize: ctx.config.clientPageSize,
    concurrency: deps.listConcurrency ?? 4,
    signal: run.signal,
  });
  log.logger.info(`Backed up a total of ${run.items.size} items`, { progress: "" });
}

/** The backup's exec hooks, run through pods/exec with the agent's credentials. */
function podHooks(
  deps: BackupRunnerDeps,
  backup: Backup,
  log: BackupLog,
  signal: AbortSignal,
): PodHookRunner {
  const { ctx } = deps;
  const selector = `${BACKUP_UID_LABEL}=${backup.metadata.uid ?? ""}`;
  return createBackupHookRunner({
    backup,
    exec: clientNodePodExec(ctx.kc),
    log: log.logger,
    signal,
    clock: ctx.clock,
    podVolumeBackups: () => ctx.velero.podVolumeBackups.list(selector),
  });
}

function podVolumeTimeoutMs(run: Run): number {
  const annotation = run.backup.metadata.annotations?.[POD_VOLUME_TIMEOUT_ANNOTATION];
  if (annotation !== undefined && annotation !== "") {
    try {
      return parseDuration(annotation);
    } catch {
      run.log.logger.error(
        `Unable to parse pod volume timeout annotation ${annotation}, using server value.`,
      );
    }
  }
  return run.deps.ctx.config.fsBackupTimeoutMs;
}

async function persist(
  run: Run,
  parts: {
    opened: OpenedLocation;
    upload: BackupUpload;
    fatal: unknown;
    podVolumes: PodVolumeBackupResults;
  },
): Promise<BackupOutcome> {
  const { opened, upload, fatal, podVolumes } = parts;
  const phase: BackupPhase =
    fatal !== undefined ? "Failed" : run.log.errors > 0 ? "PartiallyFailed" : "Completed";
  const backup = finalBackup(run, phase, fatal === undefined ? undefined : errorMessage(fatal));
  const tarballBytes = await tarballSize(opened, run.name);
  const results = run.log.results();
  const logBytes = await run.log.finish();
  try {
    await opened.objectStore.put(opened.store.layout.backupLogKey(run.name), logBytes);
  } catch (error) {
    run.deps.ctx.logger.error("Error uploading log file", {
      backup: run.name,
      error: errorMessage(error),
    });
  }
  try {
    await upload.complete({
      metadataJson: encodeBackupForStore(backup),
      podVolumeBackups: podVolumes.podVolumeBackups as unknown as readonly KubeObjectJson[],
      volumeInfos: podVolumes.volumeInfos,
      resourceList: run.items.resourceList(),
      results,
    });
  } catch (error) {
    return { backup: finalBackup(run, "Failed", errorMessage(error)), tarballBytes };
  }
  return { backup, tarballBytes };
}

async function tarballSize(opened: OpenedLocation, name: string): Promise<number> {
  const key = opened.store.layout.backupContentsKey(name);
  try {
    for await (const object of opened.objectStore.list(key))
      if (object.key === key) return object.size;
  } catch {
    return 0;
  }
  return 0;
}

/** The backup with its final status. */
function finalBackup(run: Run, phase: BackupPhase, failureReason: string | undefined): Backup {
  const count = run.items.size;
  const status: BackupStatus = {
    ...run.backup.status,
    phase,
    completionTimestamp: formatTime(run.deps.ctx.clock.now()),
    progress: { totalItems: count, itemsBackedUp: count },
    hookStatus: run.hooks.status(),
  };
  if (run.csiSnapshots.attempted > 0) {
    status.csiVolumeSnapshotsAttempted = run.csiSnapshots.attempted;
  }
  if (run.csiSnapshots.completed > 0) {
    status.csiVolumeSnapshotsCompleted = run.csiSnapshots.completed;
  }
  if (run.log.warnings > 0) status.warnings = run.log.warnings;
  if (run.log.errors > 0) status.errors = run.log.errors;
  if (failureReason !== undefined) status.failureReason = failureReason;
  return { ...run.backup, status };
}
