// Runs one validated restore from InProgress to its final phase: reads the backup (tarball
// extracted with the archive guards, volume side files), restores its items, waits for pod
// volume restores, then uploads the log, results, resource list, item operations and volume
// info under restores/<r>/ and returns the Restore with its final status.
import { mkdir } from "node:fs/promises";
import {
  formatTime,
  parseDuration,
  POD_VOLUME_TIMEOUT_ANNOTATION,
  type HookStatus,
  type PodVolumeBackup,
  type Restore,
  type RestorePhase,
  type RestoreStatus,
} from "../../lib/api/index.js";
import { extractArchive, type ExtractedArchive } from "../../lib/archive/index.js";
import type { RestoreVolumeInfo } from "../../lib/backup-store/index.js";
import { errorMessage } from "../../lib/errors.js";
import { compileSelector } from "../item-actions/index.js";
import type { RestoreItemActionFactory } from "../restore-actions/index.js";
import type { AgentContext } from "../agent-context.js";
import type { OpenedLocation } from "../storage/index.js";
import { ClusterResources } from "./cluster-resources.js";
import { NamespaceEnsurer } from "./namespace-ensurer.js";
import type { PodVolumeRestorerFactory } from "./pod-volume-restorer.js";
import type { RestoreContext } from "./restore-context.js";
import { RestoreEngine } from "./restore-engine.js";
import { createRestoreHooks } from "./restore-hooks.js";
import { RestoreLog } from "./restore-log.js";
import { parseRestorePriorities } from "./restore-priorities.js";
import { RestoreProgressReporter } from "./restore-progress.js";
import type { ResolvedRestore } from "./restore-request.js";
import { RestoreScope } from "./restore-scope.js";
import { RestoredItems } from "./restored-items.js";
import { RestoreResults } from "./restore-results.js";
import { VolumeState } from "./volume-state.js";

/** Velero's --terminating-resource-timeout default: 10 minutes. */
const terminatingTimeoutMs = 10 * 60_000;

/** What a restore run needs. */
export interface RestoreRunDeps {
  readonly ctx: Pick<
    AgentContext,
    "config" | "kc" | "rest" | "velero" | "locations" | "clock" | "logger"
  >;
  readonly actionFactories: readonly RestoreItemActionFactory[];
  readonly podVolumes: PodVolumeRestorerFactory;
  /** Items restored at once (default 16). */
  readonly concurrency?: number;
  /** How often status.progress is patched (default 1 s). */
  readonly progressIntervalMs?: number;
  /** Poll interval of the waits (CRDs, terminating namespaces and PVs); default 1 s. */
  readonly pollMs?: number;
}

interface Run {
  readonly deps: RestoreRunDeps;
  readonly restore: Restore;
  readonly resolved: ResolvedRestore;
  readonly name: string;
  readonly log: RestoreLog;
  readonly results: RestoreResults;
  readonly signal: AbortSignal;
  items: RestoredItems;
  volumeInfos: readonly RestoreVolumeInfo[];
  hookStatus?: HookStatus;
}

/**
 * Runs `restore` (already InProgress, spec resolved). Never throws for a failed restore: the
 * returned Restore's phase is Failed with a `failureReason`. Throws only when `signal` aborts.
 */
export async function runRestore(
  deps: RestoreRunDeps,
  restore: Restore,
  resolved: ResolvedRestore,
  signal: AbortSignal,
): Promise<Restore> {
  const name = restore.metadata.name ?? "";
  const run: Run = {
    deps,
    restore,
    resolved,
    name,
    log: new RestoreLog({
      clock: deps.ctx.clock,
      level: deps.ctx.config.logLevel,
      fields: { restore: `${restore.metadata.namespace ?? ""}/${name}` },
      mirror: deps.ctx.logger.child({ restore: name }),
    }),
    results: new RestoreResults(),
    signal,
    items: new RestoredItems(),
    volumeInfos: [],
  };
  let opened: OpenedLocation;
  try {
    opened = await deps.ctx.locations.open(resolved.location);
  } catch (error) {
    return finalRestore(
      run,
      "Failed",
      `error opening the backup storage location: ${errorMessage(error)}`,
    );
  }
  const failure = await readAndRestore(run, opened);
  if (signal.aborted) throw signal.reason;
  const phase: RestorePhase =
    failure !== undefined ? "Failed" : run.results.errors.isEmpty ? "Completed" : "PartiallyFailed";
  await upload(run, opened);
  return finalRestore(run, phase, failure);
}

/** Returns the failure reason when the restore could not run at all. */
async function readAndRestore(run: Run, opened: OpenedLocation): Promise<string | undefined> {
  const backupName = run.resolved.backup.metadata.name ?? "";
  const log = run.log.logger;
  log.info(`starting restore of backup ${run.restore.metadata.namespace ?? ""}/${backupName}`);
  let archive: ExtractedArchive;
  try {
    await mkdir(run.deps.ctx.config.scratchDir, { recursive: true });
    const contents = await opened.store.getBackupContents(backupName);
    archive = await extractArchive(contents, {
      parentDir: run.deps.ctx.config.scratchDir,
      logger: log,
    });
  } catch (error) {
    const reason = `error reading the backup archive: ${errorMessage(error)}`;
    log.error(reason);
    run.results.errors.addVelero(reason);
    return reason;
  }
  try {
    const volumes = await readVolumeState(opened, backupName);
    await restoreFrom(run, archive, volumes);
    return undefined;
  } catch (error) {
    if (run.signal.aborted) throw error;
    const reason = errorMessage(error);
    log.error(`restore failed: ${reason}`);
    run.results.errors.addVelero(reason);
    return reason;
  } finally {
    await archive.remove();
  }
}

async function readVolumeState(opened: OpenedLocation, backup: string): Promise<VolumeState> {
  const { store } = opened;
  try {
    const [volumeInfos, nativeSnapshots, podVolumeBackups, csiVolumeSnapshots] = await Promise.all([
      store.getBackupVolumeInfos(backup),
      store.getBackupVolumeSnapshots(backup),
      store.getPodVolumeBackups(backup),
      store.getCSIVolumeSnapshots(backup),
    ]);
    return new VolumeState({
      volumeInfos,
      nativeSnapshots,
      podVolumeBackups: podVolumeBackups as unknown as PodVolumeBackup[],
      csiVolumeSnapshots,
    });
  } catch (error) {
    throw new Error(`error fetching volume information of the backup: ${errorMessage(error)}`, {
      cause: error,
    });
  }
}

async function restoreFrom(
  run: Run,
  archive: ExtractedArchive,
  volumes: VolumeState,
): Promise<void> {
  const ctx = await buildContext(run, archive, volumes);
  const engine = new RestoreEngine(ctx, {
    priorities: parseRestorePriorities(run.deps.ctx.config.restoreResourcePriorities),
    signal: run.signal,
    ...(run.deps.concurrency === undefined ? {} : { concurrency: run.deps.concurrency }),
  });
  const reporter = new RestoreProgressReporter({
    clock: run.deps.ctx.clock,
    snapshot: () => engine.progress(),
    publish: async (progress) => {
      await run.deps.ctx.velero.restores.patchStatus(run.name, { progress });
    },
    log: ctx.log,
    ...(run.deps.progressIntervalMs === undefined
      ? {}
      : { intervalMs: run.deps.progressIntervalMs }),
  });
  reporter.start();
  try {
    try {
      await engine.run();
    } finally {
      await reporter.stop();
      run.results.merge(engine.results);
    }
    await waitPodVolumes(run, ctx);
  } catch (error) {
    ctx.hooks.cancel();
    throw error;
  }
  const hooks = await ctx.hooks.wait();
  for (const { namespace, message } of hooks.errors) run.results.errors.add(namespace, message);
  run.hookStatus = hooks.hookStatus;
}

async function waitPodVolumes(run: Run, ctx: RestoreContext): Promise<void> {
  ctx.log.info("Waiting for all pod volume restores to complete");
  const podVolumes = await ctx.podVolumes.waitAll(run.signal);
  for (const message of podVolumes.errors) run.results.errors.addVelero(message);
  run.volumeInfos = podVolumes.volumeInfos;
  ctx.log.info("Done waiting for all pod volume restores to complete");
}

async function buildContext(
  run: Run,
  archive: ExtractedArchive,
  volumes: VolumeState,
): Promise<RestoreContext> {
  const { deps, restore } = run;
  const log = run.log.logger;
  const cluster = await ClusterResources.discover(deps.ctx.rest);
  const resolve = (n: string): ReturnType<ClusterResources["info"]> => cluster.info(n);
  const actions = deps.actionFactories.map((factory) => {
    const action = factory({ rest: deps.ctx.rest, log });
    return { action, applies: compileSelector(action.appliesTo(), resolve) };
  });
  const namespaceClient = cluster.client("namespaces", "v1");
  if (namespaceClient === undefined) throw new Error("the cluster does not serve namespaces");
  const pollMs = deps.pollMs ?? 1000;
  const items = run.items;
  return {
    restore,
    backup: run.resolved.backup,
    archive,
    log,
    scope: new RestoreScope({
      spec: restore.spec,
      resolve,
      backupNamespaces: namespacesIn(archive),
    }),
    cluster,
    actions,
    namespaces: new NamespaceEnsurer({
      client: namespaceClient,
      archive,
      items,
      clock: deps.ctx.clock,
      terminatingTimeoutMs,
      log,
      pollMs,
    }),
    items,
    volumes,
    podVolumes: deps.podVolumes({
      restore,
      backup: run.resolved.backup,
      podVolumeBackups: volumes.podVolumeBackups,
      log,
      timeoutMs: podVolumeTimeoutMs(run),
    }),
    hooks: createRestoreHooks({ restore, ctx: deps.ctx, cluster, log, signal: run.signal, pollMs }),
    clock: deps.ctx.clock,
    resourceTimeoutMs: deps.ctx.config.resourceTimeoutMs,
    terminatingTimeoutMs,
    versionDirs: new Map(),
    pollMs,
    resourceModifiers: run.resolved.resourceModifiers,
  };
}

/** Every namespace that holds items in the backup (namespace globs expand against these). */
function namespacesIn(archive: ExtractedArchive): string[] {
  const found = new Set<string>(
    archive.catalog.items("namespaces")?.itemsByNamespace.get("") ?? [],
  );
  for (const groupResource of archive.catalog.groupResources()) {
    for (const namespace of archive.catalog.items(groupResource)?.itemsByNamespace.keys() ?? []) {
      if (namespace !== "") found.add(namespace);
    }
  }
  return [...found];
}

function podVolumeTimeoutMs(run: Run): number {
  const annotation = run.restore.metadata.annotations?.[POD_VOLUME_TIMEOUT_ANNOTATION];
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

/** Uploads the restore's files; a failure is logged in the agent's log (as Velero). */
async function upload(run: Run, opened: OpenedLocation): Promise<void> {
  const { store, objectStore } = opened;
  const name = run.name;
  const logger = run.deps.ctx.logger.child({ restore: name });
  const attempt = async (what: string, write: () => Promise<void>): Promise<void> => {
    try {
      await write();
    } catch (error) {
      logger.error(`Error uploading ${what} to backup storage`, { error: errorMessage(error) });
    }
  };
  run.log.logger.info(`restore completed`);
  await attempt("restore results", () => store.putRestoreResults(name, run.results.toStore()));
  await attempt("restored resource list", () =>
    store.putRestoredResourceList(name, run.items.resourceList()),
  );
  await attempt("restore item operations", () => store.putRestoreItemOperations(name, []));
  await attempt("restore volume info", () => store.putRestoreVolumeInfo(name, run.volumeInfos));
  const logBytes = await run.log.finish();
  await attempt("restore log", () => objectStore.put(store.layout.restoreLogKey(name), logBytes));
}

function finalRestore(run: Run, phase: RestorePhase, failureReason: string | undefined): Restore {
  const count = run.items.size;
  const status: RestoreStatus = {
    ...run.restore.status,
    phase,
    completionTimestamp: formatTime(run.deps.ctx.clock.now()),
    progress: { totalItems: count, itemsRestored: count },
  };
  const warnings = run.results.warnings.count;
  const errors = run.results.errors.count;
  if (warnings > 0) status.warnings = warnings;
  if (errors > 0) status.errors = errors;
  if (failureReason !== undefined) status.failureReason = failureReason;
  if (run.hookStatus !== undefined) status.hookStatus = run.hookStatus;
  return { ...run.restore, status };
}
