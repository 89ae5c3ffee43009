// The PodVolumeBackup state machine on one node: New → Accepted → InProgress → Completed,
// Failed or Canceled. Items left Accepted/InProgress by an earlier process are failed, since
// their snapshot was never committed.
import {
  formatTime,
  type PodVolumeBackup,
  type PodVolumeBackupPhase,
  type PodVolumeBackupStatus,
} from "../../lib/api/index.js";
import type { Clock } from "../../lib/clock.js";
import { errorMessage } from "../../lib/errors.js";
import type { Logger } from "../../lib/log.js";
import type { ReconcileResult } from "../../lib/reconcile/index.js";
import { observeOperation, type NodeAgentMetrics } from "../metrics.js";
import { ProgressPublisher } from "../progress-publisher.js";
import { OperationStop, stopOf, type RunningOperations } from "../running-operations.js";
import type { VolumeBackupHooks, VolumeBackupResult } from "../volume-backup.js";
import { patchUntilDone } from "./final-patch.js";

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

/** Drives the PodVolumeBackups of one node; see the file comment. */
export class PodVolumeBackupReconciler {
  readonly #deps: PodVolumeBackupReconcilerDeps;

  constructor(deps: PodVolumeBackupReconcilerDeps) {
    this.#deps = deps;
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
    await this.#deps.pvbs.patchStatus(name, {
      phase: "Canceled",
      message,
      startTimestamp: pvb.status?.startTimestamp ?? this.#now(),
      completionTimestamp: this.#now(),
    });
  }

  async #run(name: string, pvb: PodVolumeBackup, signal: AbortSignal): Promise<void> {
    const { pvbs, metrics, nodeName } = this.#deps;
    const log = this.#deps.logger.child({ pvb: name });
    await pvbs.patchStatus(name, { phase: "Accepted", acceptedTimestamp: this.#now() });
    metrics.backupEnqueue.inc({ node: nodeName });
    const started = this.#deps.clock.now();
    const progress = new ProgressPublisher<{ totalBytes: number; bytesDone: number }>(
      (p) => pvbs.patchStatus(name, { progress: p }),
      log,
    );
    try {
      const result = await this.#deps.backUp(pvb, {
        signal,
        onStarted: async (path) => {
          await pvbs.patchStatus(name, { phase: "InProgress", startTimestamp: this.#now(), path });
          log.info("backing up the volume", { path });
        },
        onProgress: (p) => {
          progress.update({ totalBytes: p.totalBytes, bytesDone: p.bytesDone });
        },
      });
      await progress.flush();
      await this.#completed(name, result);
      const seconds = (this.#deps.clock.now().getTime() - started.getTime()) / 1000;
      this.#observe(pvb, name, seconds);
    } catch (error) {
      await progress.flush();
      await this.#failed(name, pvb, { error, signal });
    }
  }

  async #completed(name: string, result: VolumeBackupResult): Promise<void> {
    const status: PodVolumeBackupStatus = {
      phase: "Completed",
      path: result.path,
      snapshotID: result.snapshotId,
      completionTimestamp: this.#now(),
      incrementalBytes: result.incrementalBytes,
      progress: { totalBytes: result.totalBytes, bytesDone: result.totalBytes },
    };
    if (result.snapshotId === "") status.message = "volume was empty so no snapshot was taken";
    await patchUntilDone(() => this.#deps.pvbs.patchStatus(name, status), this.#deps.clock);
    this.#deps.metrics.backupDequeue.inc({ node: this.#deps.nodeName });
    this.#deps.logger.info("PodVolumeBackup completed", { pvb: name, snapshot: result.snapshotId });
  }

  async #failed(
    name: string,
    pvb: PodVolumeBackup,
    outcome: { error: unknown; signal: AbortSignal },
  ): Promise<void> {
    const stop = stopOf(outcome.signal);
    if (stop?.kind === "cancel") {
      await patchUntilDone(() => this.#canceled(name, pvb, stop.message), this.#deps.clock);
      return;
    }
    const message =
      stop === undefined
        ? `data path backup failed: ${errorMessage(outcome.error)}`
        : `the node-agent on node ${this.#deps.nodeName} stopped during the backup (${stop.message}): no snapshot was committed`;
    this.#deps.logger.error("PodVolumeBackup failed", { pvb: name, error: message });
    await patchUntilDone(
      () =>
        this.#deps.pvbs.patchStatus(name, {
          phase: "Failed",
          message,
          completionTimestamp: this.#now(),
        }),
      this.#deps.clock,
      stop === undefined ? undefined : 1,
    );
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
    return formatTime(this.#deps.clock.now());
  }
}
