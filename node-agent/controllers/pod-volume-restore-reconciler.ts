// The PodVolumeRestore state machine on one node: a New restore whose pod is scheduled here is
// Accepted (status.node), then InProgress once the pod's volume is set up, then Completed,
// Failed or Canceled. Restores an earlier process left unfinished on this node are failed.
import {
  formatTime,
  type PodVolumeRestore,
  type PodVolumeRestorePhase,
  type PodVolumeRestoreStatus,
} from "../../lib/api/index.js";
import type { Clock } from "../../lib/clock.js";
import { errorMessage } from "../../lib/errors.js";
import type { Logger } from "../../lib/log.js";
import type { ReconcileResult } from "../../lib/reconcile/index.js";
import type { PodInfo } from "../pod-volume-locator.js";
import { ProgressPublisher } from "../progress-publisher.js";
import { OperationStop, stopOf, type RunningOperations } from "../running-operations.js";
import type { VolumeRestoreHooks, VolumeRestoreResult } from "../volume-restore.js";
import { patchUntilDone } from "./final-patch.js";

/** What the reconciler needs. */
export interface PodVolumeRestoreReconcilerDeps {
  readonly nodeName: string;
  readonly pvrs: {
    get(name: string): Promise<PodVolumeRestore | undefined>;
    patchStatus(name: string, status: PodVolumeRestoreStatus): Promise<unknown>;
  };
  readonly getPod: (namespace: string, name: string) => Promise<PodInfo | undefined>;
  readonly restore: (
    pvr: PodVolumeRestore,
    hooks: VolumeRestoreHooks,
  ) => Promise<VolumeRestoreResult>;
  readonly operations: RunningOperations;
  readonly clock: Clock;
  readonly logger: Logger;
  /** How long to wait before looking again at an unscheduled pod or a busy node (1 s). */
  readonly retryMs?: number;
}

const activePhases: readonly PodVolumeRestorePhase[] = [
  "Accepted",
  "Prepared",
  "InProgress",
  "Canceling",
];

/** Drives the PodVolumeRestores of pods on one node; see the file comment. */
export class PodVolumeRestoreReconciler {
  readonly #deps: PodVolumeRestoreReconcilerDeps;

  constructor(deps: PodVolumeRestoreReconcilerDeps) {
    this.#deps = deps;
  }

  /** Reconciles one PodVolumeRestore, read fresh from the API. */
  async reconcile(name: string): Promise<ReconcileResult | undefined> {
    const ops = this.#deps.operations;
    const pvr = await this.#deps.pvrs.get(name);
    if (pvr === undefined) {
      ops.abort(name, new OperationStop("cancel", "the PodVolumeRestore was deleted"));
      return undefined;
    }
    const phase = pvr.status?.phase ?? "New";
    if (phase === "New") return this.#onNew(name, pvr);
    if (!activePhases.includes(phase) || pvr.status?.node !== this.#deps.nodeName) {
      return undefined;
    }
    if (ops.has(name)) {
      if (pvr.spec.cancel === true) ops.abort(name, new OperationStop("cancel", "canceled"));
      return undefined;
    }
    await this.#interrupted(name, pvr, phase);
    return undefined;
  }

  async #onNew(name: string, pvr: PodVolumeRestore): Promise<ReconcileResult | undefined> {
    const ops = this.#deps.operations;
    const retry = { requeueAfterMs: this.#deps.retryMs ?? 1000 };
    if (ops.has(name)) return undefined;
    const placement = await this.#placement(pvr);
    if (placement === "unscheduled") return retry;
    if (placement === "elsewhere") return undefined;
    if (pvr.spec.cancel === true) {
      await this.#canceled(name, pvr, "canceled before it started");
      return undefined;
    }
    if (ops.isFull) return retry;
    ops.start(name, (signal) => this.#run(name, pvr, signal));
    return undefined;
  }

  /** Where the restored pod is: not (yet) on a node, on another node, or here. */
  async #placement(pvr: PodVolumeRestore): Promise<"unscheduled" | "elsewhere" | "here"> {
    const { namespace = "", name = "" } = pvr.spec.pod;
    const node = (await this.#deps.getPod(namespace, name))?.spec.nodeName ?? "";
    if (node === "") return "unscheduled";
    return node === this.#deps.nodeName ? "here" : "elsewhere";
  }

  async #interrupted(name: string, pvr: PodVolumeRestore, phase: PodVolumeRestorePhase) {
    if (pvr.spec.cancel === true) {
      await this.#canceled(name, pvr, "canceled while no node-agent was running it");
      return;
    }
    this.#deps.logger.warn("failing a PodVolumeRestore an earlier node-agent left unfinished", {
      pvr: name,
      phase,
    });
    await this.#deps.pvrs.patchStatus(name, {
      phase: "Failed",
      message: `the node-agent on node ${this.#deps.nodeName} stopped while the PodVolumeRestore was ${phase}: the restore was interrupted`,
      completionTimestamp: this.#now(),
    });
  }

  async #canceled(name: string, pvr: PodVolumeRestore, message: string): Promise<void> {
    await this.#deps.pvrs.patchStatus(name, {
      phase: "Canceled",
      message,
      startTimestamp: pvr.status?.startTimestamp ?? this.#now(),
      completionTimestamp: this.#now(),
    });
  }

  async #run(name: string, pvr: PodVolumeRestore, signal: AbortSignal): Promise<void> {
    const { pvrs, nodeName } = this.#deps;
    const log = this.#deps.logger.child({ pvr: name });
    await pvrs.patchStatus(name, {
      phase: "Accepted",
      acceptedTimestamp: this.#now(),
      node: nodeName,
    });
    const progress = new ProgressPublisher<{ totalBytes: number; bytesDone: number }>(
      (p) => pvrs.patchStatus(name, { progress: p }),
      log,
    );
    try {
      const result = await this.#deps.restore(pvr, {
        signal,
        onStarted: async (path) => {
          await pvrs.patchStatus(name, { phase: "InProgress", startTimestamp: this.#now() });
          log.info("restoring the volume", { path });
        },
        onProgress: (p) => {
          progress.update({ totalBytes: p.totalBytes, bytesDone: p.bytesDone });
        },
      });
      await progress.flush();
      await this.#completed(name, result);
    } catch (error) {
      await progress.flush();
      await this.#failed(name, pvr, { error, signal });
    }
  }

  async #completed(name: string, result: VolumeRestoreResult): Promise<void> {
    const status: PodVolumeRestoreStatus = {
      phase: "Completed",
      completionTimestamp: this.#now(),
      progress: { totalBytes: result.totalBytes, bytesDone: result.totalBytes },
    };
    await patchUntilDone(() => this.#deps.pvrs.patchStatus(name, status), this.#deps.clock);
    this.#deps.logger.info("PodVolumeRestore completed", { pvr: name, path: result.path });
  }

  async #failed(
    name: string,
    pvr: PodVolumeRestore,
    outcome: { error: unknown; signal: AbortSignal },
  ): Promise<void> {
    const stop = stopOf(outcome.signal);
    if (stop?.kind === "cancel") {
      await patchUntilDone(() => this.#canceled(name, pvr, stop.message), this.#deps.clock);
      return;
    }
    const message =
      stop === undefined
        ? `data path restore failed: ${errorMessage(outcome.error)}`
        : `the node-agent on node ${this.#deps.nodeName} stopped during the restore (${stop.message})`;
    this.#deps.logger.error("PodVolumeRestore failed", { pvr: name, error: message });
    await patchUntilDone(
      () =>
        this.#deps.pvrs.patchStatus(name, {
          phase: "Failed",
          message,
          completionTimestamp: this.#now(),
        }),
      this.#deps.clock,
      stop === undefined ? undefined : 1,
    );
  }

  #now(): string {
    return formatTime(this.#deps.clock.now());
  }
}
