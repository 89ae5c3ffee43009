// The PodVolumeRestore state machine on one node: a New restore whose pod is scheduled here is
// Accepted (status.node), then InProgress once the pod's volume is set up, then Completed,
// Failed or Canceled. Restores an earlier process left unfinished on this node are failed.
import type {
  PodVolumeRestore,
  PodVolumeRestorePhase,
  PodVolumeRestoreStatus,
} from "../../lib/api/index.js";
import type { Clock } from "../../lib/clock.js";
import type { Logger } from "../../lib/log.js";
import type { ReconcileResult } from "../../lib/reconcile/index.js";
import type { PodInfo } from "../pod-volume-locator.js";
import { OperationStop, type RunningOperations } from "../running-operations.js";
import type { VolumeRestoreHooks, VolumeRestoreResult } from "../volume-restore.js";
import { OperationRunner } from "./operation-run.js";

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
  readonly #runner: OperationRunner;

  constructor(deps: PodVolumeRestoreReconcilerDeps) {
    this.#deps = deps;
    this.#runner = new OperationRunner({
      kind: "PodVolumeRestore",
      nodeName: deps.nodeName,
      patchStatus: (name, status) => deps.pvrs.patchStatus(name, status),
      clock: deps.clock,
      logger: deps.logger,
      texts: {
        started: "restoring the volume",
        failed: "data path restore failed",
        stoppedDuring: "the restore",
      },
    });
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
    await this.#runner.canceled(name, pvr.status?.startTimestamp, message);
  }

  async #run(name: string, pvr: PodVolumeRestore, signal: AbortSignal): Promise<void> {
    await this.#deps.pvrs.patchStatus(name, {
      phase: "Accepted",
      acceptedTimestamp: this.#now(),
      node: this.#deps.nodeName,
    });
    await this.#runner.run({
      name,
      signal,
      startTimestamp: pvr.status?.startTimestamp,
      transfer: (hooks) => this.#deps.restore(pvr, hooks),
      completedStatus: (result) => ({
        progress: { totalBytes: result.totalBytes, bytesDone: result.totalBytes },
      }),
      onCompleted: (result) => {
        this.#deps.logger.info("PodVolumeRestore completed", { pvr: name, path: result.path });
      },
    });
  }

  #now(): string {
    return this.#runner.now();
  }
}
