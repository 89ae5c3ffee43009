// The PodVolumeBackup state machine on one node: New → Accepted → InProgress → Completed,
// Failed or Canceled. Items left Accepted/InProgress by an earlier process are failed, since
// their snapshot was never committed.
import type {
  PodVolumeBackup,
  PodVolumeBackupPhase,
  PodVolumeBackupStatus,
} from "../../lib/api/index.js";
import type { Clock } from "../../lib/clock.js";
import type { Logger } from "../../lib/log.js";
import type { ReconcileResult } from "../../lib/reconcile/index.js";
import { observeOperation, type NodeAgentMetrics } from "../metrics.js";
import { OperationStop, type RunningOperations } from "../running-operations.js";
import type { VolumeBackupHooks, VolumeBackupResult } from "../volume-backup.js";
import { OperationRunner } from "./operation-run.js";

/** What the reconciler needs. */
export interface PodVolumeBackupReconcilerDeps {
  readonly nodeName: string;
  readonly pvbs: {
    /** The object as the API has it now (undefined when gone). */
    get(name: string): Promise<PodVolumeBackup | undefined>;
    patchStatus(name: string, status: PodVolumeBackupStatus): Promise<unknown>;
  };
  readonly backUp: (pvb: PodVolumeBackup, hooks: VolumeBackupHooks) => Promise<VolumeBackupResult>;
  readonly operations: RunningOperations;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: NodeAgentMetrics;
  /** How long to wait before retrying when every slot is busy (default 1 s). */
  readonly busyRetryMs?: number;
}

const activePhases: readonly PodVolumeBackupPhase[] = [
  "Accepted",
  "Prepared",
  "InProgress",
  "Canceling",
];

/** True when `pvb` belongs to `nodeName` (`spec.node`). */
export function isForNode(pvb: PodVolumeBackup, nodeName: string): boolean {
  return pvb.spec.node === nodeName;
}

/** The Completed status fields of a backup's result (phase and completion time are added). */
function completedStatus(result: VolumeBackupResult): PodVolumeBackupStatus {
  const status: PodVolumeBackupStatus = {
    path: result.path,
    snapshotID: result.snapshotId,
    incrementalBytes: result.incrementalBytes,
    progress: { totalBytes: result.totalBytes, bytesDone: result.totalBytes },
  };
  if (result.snapshotId === "") status.message = "volume was empty so no snapshot was taken";
  return status;
}

/** Drives the PodVolumeBackups of one node; see the file comment. */
export class PodVolumeBackupReconciler {
  readonly #deps: PodVolumeBackupReconcilerDeps;
  readonly #runner: OperationRunner;

  constructor(deps: PodVolumeBackupReconcilerDeps) {
    this.#deps = deps;
    this.#runner = new OperationRunner({
      kind: "PodVolumeBackup",
      nodeName: deps.nodeName,
      patchStatus: (name, status) => deps.pvbs.patchStatus(name, status),
      clock: deps.clock,
      logger: deps.logger,
      texts: {
        started: "backing up the volume",
        failed: "data path backup failed",
        stoppedDuring: "the backup",
        stoppedConsequence: ": no snapshot was committed",
      },
    });
  }

  /**
   * Reconciles one PodVolumeBackup, read fresh from the API (a cached copy may lag behind this
   * process's own writes and make a finished backup look interrupted).
   */
  async reconcile(name: string): Promise<ReconcileResult | undefined> {
    const ops = this.#deps.operations;
    const pvb = await this.#deps.pvbs.get(name);
    if (pvb === undefined) {
      ops.abort(name, new OperationStop("cancel", "the PodVolumeBackup was deleted"));
      return undefined;
    }
    if (!isForNode(pvb, this.#deps.nodeName)) return undefined;
    const phase = pvb.status?.phase ?? "New";
    if (phase === "New") return this.#onNew(name, pvb);
    if (!activePhases.includes(phase)) return undefined;
    if (ops.has(name)) {
      if (pvb.spec.cancel === true) ops.abort(name, new OperationStop("cancel", "canceled"));
      return undefined;
    }
    await this.#interrupted(name, pvb, phase);
    return undefined;
  }

  async #onNew(name: string, pvb: PodVolumeBackup): Promise<ReconcileResult | undefined> {
    const ops = this.#deps.operations;
    if (pvb.spec.cancel === true) {
      await this.#canceled(name, pvb, "canceled before it started");
      return undefined;
    }
    if (ops.has(name)) return undefined;
    if (ops.isFull) return { requeueAfterMs: this.#deps.busyRetryMs ?? 1000 };
    ops.start(name, (signal) => this.#run(name, pvb, signal));
    return undefined;
  }

  async #interrupted(name: string, pvb: PodVolumeBackup, phase: PodVolumeBackupPhase) {
    if (pvb.spec.cancel === true) {
      await this.#canceled(name, pvb, "canceled while no node-agent was running it");
      return;
    }
    this.#deps.logger.warn("failing a PodVolumeBackup an earlier node-agent left unfinished", {
      pvb: name,
      phase,
    });
    await this.#deps.pvbs.patchStatus(name, {
      phase: "Failed",
      message: `the node-agent on node ${this.#deps.nodeName} stopped while the PodVolumeBackup was ${phase}: the backup was interrupted and no snapshot was committed`,
      completionTimestamp: this.#now(),
    });
  }

  async #canceled(name: string, pvb: PodVolumeBackup, message: string): Promise<void> {
    await this.#runner.canceled(name, pvb.status?.startTimestamp, message);
  }

  async #run(name: string, pvb: PodVolumeBackup, signal: AbortSignal): Promise<void> {
    const { pvbs, metrics, nodeName } = this.#deps;
    await pvbs.patchStatus(name, { phase: "Accepted", acceptedTimestamp: this.#now() });
    metrics.backupEnqueue.inc({ node: nodeName });
    const started = this.#deps.clock.now();
    await this.#runner.run({
      name,
      signal,
      startTimestamp: pvb.status?.startTimestamp,
      startedStatus: (path): PodVolumeBackupStatus => ({ path }),
      transfer: (hooks) => this.#deps.backUp(pvb, hooks),
      completedStatus: completedStatus,
      onCompleted: (result) => {
        metrics.backupDequeue.inc({ node: nodeName });
        this.#deps.logger.info("PodVolumeBackup completed", {
          pvb: name,
          snapshot: result.snapshotId,
        });
        const seconds = (this.#deps.clock.now().getTime() - started.getTime()) / 1000;
        this.#observe(pvb, name, seconds);
      },
    });
  }

  #observe(pvb: PodVolumeBackup, name: string, seconds: number): void {
    const owner = pvb.metadata.ownerReferences?.[0]?.name ?? "";
    observeOperation(this.#deps.metrics, {
      node: this.#deps.nodeName,
      operation: `${name}-${pvb.spec.backupStorageLocation}-${pvb.spec.pod.namespace ?? ""}-kopia-backup`,
      backupName: `${pvb.metadata.namespace ?? ""}/${owner}`,
      podVolumeBackup: name,
      seconds,
    });
  }

  #now(): string {
    return this.#runner.now();
  }
}
