// The state machine a DataUpload or DataDownload goes through on the node-agents, as Velero's
// data upload/download controllers drive it: a New object is claimed by one node (Accepted,
// `acceptedByNode`, an optimistic-concurrency update so only one node wins), its volume is
// exposed on that node (Prepared, `node`), the data moves (InProgress with byte progress), and
// it ends Completed, Failed or Canceled, after which the exposed objects are removed. An object
// left Accepted/Prepared/InProgress by an earlier process of this node is failed, as Velero
// marks in-progress data movements failed when the node-agent restarts.
import {
  formatTime,
  isBuiltInDataMover,
  type DataDownloadStatus,
  type DataUploadPhase,
} from "../../lib/api/index.js";
import type { Clock } from "../../lib/clock.js";
import { errorMessage } from "../../lib/errors.js";
import type { Logger } from "../../lib/log.js";
import type { ReconcileResult } from "../../lib/reconcile/index.js";
import type { Progress } from "../../lib/repository/index.js";
import { patchUntilDone } from "../controllers/final-patch.js";
import { ProgressPublisher } from "../progress-publisher.js";
import { OperationStop, stopOf, type RunningOperations } from "../running-operations.js";

/** The status fields both kinds share (a DataDownload's status is a subset of a DataUpload's). */
export type DataMovementStatus = DataDownloadStatus;

/** The parts of a DataUpload/DataDownload the state machine reads. */
export interface DataMovementObject {
  readonly metadata: { name?: string; uid?: string };
  readonly spec: { cancel?: boolean; datamover?: string };
  readonly status?: DataMovementStatus;
}

/** Callbacks and cancellation of one transfer. */
export interface TransferHooks {
  readonly signal: AbortSignal;
  /** Called once the exposed volume is found, before data moves. */
  onStarted(path: string): Promise<void>;
  onProgress(progress: Progress): void;
}

/** A counter of outcomes (`node` label). */
interface OutcomeCounter {
  inc(labels: { node: string }): void;
}

/** What the reconciler needs; `R` is what a transfer returns. */
export interface DataMovementReconcilerDeps<T extends DataMovementObject, R> {
  /** `DataUpload` or `DataDownload`, for messages. */
  readonly kind: string;
  readonly nodeName: string;
  readonly objects: {
    /** The object as the API has it now (undefined when gone). */
    get(name: string): Promise<T | undefined>;
    patchStatus(name: string, status: DataMovementStatus): Promise<unknown>;
    /** Writes `status` only if `object` is unchanged since read; false when another write won. */
    accept(object: T, status: DataMovementStatus): Promise<boolean>;
  };
  /** Exposes the volume on this node and waits until it is mounted (Prepared follows). */
  readonly prepare: (object: T, signal: AbortSignal) => Promise<void>;
  readonly transfer: (object: T, hooks: TransferHooks) => Promise<R>;
  /** The Completed status of a transfer's result (phase and completion time are added). */
  readonly completedStatus: (result: R) => DataMovementStatus;
  /** Removes the exposed objects; called after every run and for interrupted objects. */
  readonly cleanUp: (object: T) => Promise<void>;
  readonly counters: {
    readonly success: OutcomeCounter;
    readonly failure: OutcomeCounter;
    readonly cancel: OutcomeCounter;
  };
  readonly operations: RunningOperations;
  readonly clock: Clock;
  readonly logger: Logger;
  /** How long to wait before retrying when every slot is busy (default 1 s). */
  readonly busyRetryMs?: number;
}

const activePhases: readonly DataUploadPhase[] = [
  "Accepted",
  "Prepared",
  "InProgress",
  "Canceling",
];

/** True when this node claimed `object` (or runs it). */
export function isClaimedBy(object: DataMovementObject, nodeName: string): boolean {
  return object.status?.acceptedByNode === nodeName || object.status?.node === nodeName;
}

const finalPhases: readonly DataUploadPhase[] = ["Completed", "Failed", "Canceled"];

/**
 * True when this node should look at `object`: Velero's built-in data mover moves it, and it
 * is New or claimed by this node and not finished.
 */
export function isDataMovementInteresting(object: DataMovementObject, nodeName: string): boolean {
  if (!isBuiltInDataMover(object.spec.datamover)) return false;
  const phase = object.status?.phase ?? "New";
  if (finalPhases.includes(phase)) return false;
  return phase === "New" || isClaimedBy(object, nodeName);
}

/** Drives the DataUploads or DataDownloads of one node; see the file comment. */
export class DataMovementReconciler<T extends DataMovementObject, R> {
  readonly #deps: DataMovementReconcilerDeps<T, R>;

  constructor(deps: DataMovementReconcilerDeps<T, R>) {
    this.#deps = deps;
  }

  /** Reconciles one object, read fresh from the API. */
  async reconcile(name: string): Promise<ReconcileResult | undefined> {
    const ops = this.#deps.operations;
    const object = await this.#deps.objects.get(name);
    if (object === undefined) {
      ops.abort(name, new OperationStop("cancel", `the ${this.#deps.kind} was deleted`));
      return undefined;
    }
    const phase = object.status?.phase ?? "New";
    if (phase === "New") return this.#onNew(name, object);
    if (!activePhases.includes(phase) || !isClaimedBy(object, this.#deps.nodeName)) {
      return undefined;
    }
    if (ops.has(name)) {
      if (object.spec.cancel === true) ops.abort(name, new OperationStop("cancel", "canceled"));
      return undefined;
    }
    await this.#interrupted(name, object, phase);
    return undefined;
  }

  async #onNew(name: string, object: T): Promise<ReconcileResult | undefined> {
    const ops = this.#deps.operations;
    if (object.spec.cancel === true) {
      await this.#canceled(name, object, "canceled before it was accepted");
      return undefined;
    }
    if (ops.has(name)) return undefined;
    if (ops.isFull) return { requeueAfterMs: this.#deps.busyRetryMs ?? 1000 };
    const accepted = await this.#deps.objects.accept(object, {
      phase: "Accepted",
      acceptedByNode: this.#deps.nodeName,
      acceptedTimestamp: this.#now(),
    });
    if (!accepted) return undefined;
    this.#deps.logger.info(`${this.#deps.kind} accepted`, { name });
    ops.start(name, (signal) => this.#run(name, object, signal));
    return undefined;
  }

  async #interrupted(name: string, object: T, phase: DataUploadPhase): Promise<void> {
    await this.#cleanUp(object);
    if (object.spec.cancel === true || phase === "Canceling") {
      await this.#canceled(name, object, "canceled while no node-agent was running it");
      return;
    }
    this.#deps.logger.warn(`failing a ${this.#deps.kind} an earlier node-agent left unfinished`, {
      name,
      phase,
    });
    await this.#deps.objects.patchStatus(name, {
      phase: "Failed",
      message: `the node-agent on node ${this.#deps.nodeName} restarted while the ${this.#deps.kind} was ${phase}: the data movement was interrupted`,
      completionTimestamp: this.#now(),
    });
    this.#deps.counters.failure.inc({ node: this.#deps.nodeName });
  }

  async #canceled(name: string, object: T, message: string): Promise<void> {
    await this.#deps.objects.patchStatus(name, {
      phase: "Canceled",
      message,
      startTimestamp: object.status?.startTimestamp ?? this.#now(),
      completionTimestamp: this.#now(),
    });
    this.#deps.counters.cancel.inc({ node: this.#deps.nodeName });
  }

  async #run(name: string, object: T, signal: AbortSignal): Promise<void> {
    const { objects, nodeName } = this.#deps;
    const log = this.#deps.logger.child({ [this.#deps.kind]: name });
    const progress = new ProgressPublisher<{ totalBytes: number; bytesDone: number }>(
      (p) => objects.patchStatus(name, { progress: p }),
      log,
    );
    try {
      await this.#deps.prepare(object, signal);
      await objects.patchStatus(name, { phase: "Prepared", node: nodeName });
      log.info("volume exposed on this node");
      const result = await this.#deps.transfer(object, {
        signal,
        onStarted: async (path) => {
          await objects.patchStatus(name, { phase: "InProgress", startTimestamp: this.#now() });
          log.info("moving the data", { path });
        },
        onProgress: (p) => {
          progress.update({ totalBytes: p.totalBytes, bytesDone: p.bytesDone });
        },
      });
      await progress.flush();
      await this.#completed(name, result);
    } catch (error) {
      await progress.flush();
      await this.#failed(name, object, { error, signal });
    } finally {
      await this.#cleanUp(object);
    }
  }

  async #completed(name: string, result: R): Promise<void> {
    const status = {
      ...this.#deps.completedStatus(result),
      phase: "Completed" as const,
      completionTimestamp: this.#now(),
    };
    await patchUntilDone(() => this.#deps.objects.patchStatus(name, status), this.#deps.clock);
    this.#deps.counters.success.inc({ node: this.#deps.nodeName });
    this.#deps.logger.info(`${this.#deps.kind} completed`, { name });
  }

  async #failed(
    name: string,
    object: T,
    outcome: { error: unknown; signal: AbortSignal },
  ): Promise<void> {
    const stop = stopOf(outcome.signal);
    if (stop?.kind === "cancel") {
      await patchUntilDone(() => this.#canceled(name, object, stop.message), this.#deps.clock);
      return;
    }
    const message =
      stop === undefined
        ? `data path failed: ${errorMessage(outcome.error)}`
        : `the node-agent on node ${this.#deps.nodeName} stopped during the data movement (${stop.message})`;
    this.#deps.logger.error(`${this.#deps.kind} failed`, { name, error: message });
    this.#deps.counters.failure.inc({ node: this.#deps.nodeName });
    await patchUntilDone(
      () =>
        this.#deps.objects.patchStatus(name, {
          phase: "Failed",
          message,
          completionTimestamp: this.#now(),
        }),
      this.#deps.clock,
      stop === undefined ? undefined : 1,
    );
  }

  async #cleanUp(object: T): Promise<void> {
    try {
      await this.#deps.cleanUp(object);
    } catch (error) {
      this.#deps.logger.warn(`failed to clean up the exposed objects of a ${this.#deps.kind}`, {
        name: object.metadata.name,
        error: errorMessage(error),
      });
    }
  }

  #now(): string {
    return formatTime(this.#deps.clock.now());
  }
}
