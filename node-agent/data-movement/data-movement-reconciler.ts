// The state machine a DataUpload or DataDownload goes through on the node-agents, as Velero's
// data upload/download controllers drive it: a New object is claimed by one node (Accepted,
// `acceptedByNode`, an optimistic-concurrency update so only one node wins), its volume is
// exposed on that node (Prepared, `node`), the data moves (InProgress with byte progress), and
// it ends Completed, Failed or Canceled, after which the exposed objects are removed. An object
// left Accepted/Prepared/InProgress by an earlier process of this node is failed, as Velero
// marks in-progress data movements failed when the node-agent restarts.
import {
  isBuiltInDataMover,
  type DataDownloadStatus,
  type DataUploadPhase,
} from "../../lib/api/index.js";
import type { Clock } from "../../lib/clock.js";
import { errorMessage } from "../../lib/errors.js";
import type { Logger } from "../../lib/log.js";
import type { ReconcileResult } from "../../lib/reconcile/index.js";
import { OperationRunner, type OperationHooks } from "../controllers/operation-run.js";
import { OperationStop, type RunningOperations } from "../running-operations.js";

/** The status fields both kinds share (a DataDownload's status is a subset of a DataUpload's). */
export type DataMovementStatus = DataDownloadStatus;

/** The parts of a DataUpload/DataDownload the state machine reads. */
export interface DataMovementObject {
  readonly metadata: { name?: string; uid?: string };
  readonly spec: { cancel?: boolean; datamover?: string };
  readonly status?: DataMovementStatus;
}

/** Callbacks and cancellation of one transfer (`onStarted` once the exposed volume is found). */
export type TransferHooks = OperationHooks;

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
  readonly #runner: OperationRunner;

  constructor(deps: DataMovementReconcilerDeps<T, R>) {
    this.#deps = deps;
    this.#runner = new OperationRunner({
      kind: deps.kind,
      nodeName: deps.nodeName,
      patchStatus: (name, status) => deps.objects.patchStatus(name, status),
      clock: deps.clock,
      logger: deps.logger,
      counters: deps.counters,
      texts: {
        started: "moving the data",
        failed: "data path failed",
        stoppedDuring: "the data movement",
      },
    });
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
    await this.#runner.canceled(name, object.status?.startTimestamp, message);
  }

  async #run(name: string, object: T, signal: AbortSignal): Promise<void> {
    const { objects, nodeName } = this.#deps;
    try {
      await this.#runner.run({
        name,
        signal,
        startTimestamp: object.status?.startTimestamp,
        transfer: async (hooks) => {
          await this.#deps.prepare(object, signal);
          await objects.patchStatus(name, { phase: "Prepared", node: nodeName });
          this.#deps.logger.child({ [this.#deps.kind]: name }).info("volume exposed on this node");
          return this.#deps.transfer(object, hooks);
        },
        completedStatus: (result) => this.#deps.completedStatus(result),
        onCompleted: () => {
          this.#deps.logger.info(`${this.#deps.kind} completed`, { name });
        },
      });
    } finally {
      await this.#cleanUp(object);
    }
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
    return this.#runner.now();
  }
}
