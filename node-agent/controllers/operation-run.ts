// What every node-agent operation on a data-moving object (PodVolumeBackup/Restore, DataUpload,
// DataDownload) does the same way once it runs: byte progress published to the status,
// InProgress when the data starts to move, and the final Completed, Failed or Canceled status
// written with retries (a canceled or stopped operation is told apart by its signal's reason).
import { formatTime, type DataMoveStatus } from "../../lib/api/index.js";
import type { Clock } from "../../lib/clock.js";
import { errorMessage } from "../../lib/errors.js";
import type { Logger } from "../../lib/log.js";
import type { Progress } from "../../lib/repository/index.js";
import { ProgressPublisher } from "../progress-publisher.js";
import { stopOf } from "../running-operations.js";
import { patchUntilDone } from "./final-patch.js";

/** Callbacks and cancellation handed to the data path of one operation. */
export interface OperationHooks {
  readonly signal: AbortSignal;
  /** Called once the volume is found, before data moves. */
  onStarted(path: string): Promise<void>;
  onProgress(progress: Progress): void;
}

/** A counter of outcomes (`node` label). */
interface OutcomeCounter {
  inc(labels: { node: string }): void;
}

/** What the operations of one kind on one node share. */
export interface OperationRunDeps {
  /** The kind, for log lines (`PodVolumeRestore`, `DataUpload`). */
  readonly kind: string;
  readonly nodeName: string;
  /** Merges `status` into the object's status. */
  readonly patchStatus: (name: string, status: DataMoveStatus) => Promise<unknown>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Counted on Completed, Failed and Canceled when given. */
  readonly counters?: {
    readonly success: OutcomeCounter;
    readonly failure: OutcomeCounter;
    readonly cancel: OutcomeCounter;
  };
  readonly texts: {
    /** Logged when the data starts to move (`restoring the volume`). */
    readonly started: string;
    /** Prefix of a data path failure (`data path restore failed`). */
    readonly failed: string;
    /** What a stop interrupted (`the restore`). */
    readonly stoppedDuring: string;
    /** Added after a stop's reason (`: no snapshot was committed`); default none. */
    readonly stoppedConsequence?: string;
  };
}

/** One run of an operation. */
export interface OperationRun<R> {
  readonly name: string;
  readonly signal: AbortSignal;
  /** The object's start time so far (kept when it ends Canceled). */
  readonly startTimestamp: string | undefined;
  /** Fields written with InProgress besides the start time (`path` of a PodVolumeBackup). */
  readonly startedStatus?: (path: string) => DataMoveStatus;
  /** Moves the data, calling the hooks; what it returns makes the Completed status. */
  readonly transfer: (hooks: OperationHooks) => Promise<R>;
  /** The Completed status fields of `result` (phase and completion time are added). */
  readonly completedStatus: (result: R) => DataMoveStatus;
  /** Called once the Completed status is written (logs, metrics). */
  readonly onCompleted: (result: R) => void;
}

/** Writes the statuses of one kind's operations on one node; see the file comment. */
export class OperationRunner {
  readonly #deps: OperationRunDeps;

  constructor(deps: OperationRunDeps) {
    this.#deps = deps;
  }

  /** Now, as a status timestamp. */
  now(): string {
    return formatTime(this.#deps.clock.now());
  }

  /** Runs `run` to its final status; never rejects unless that status cannot be written. */
  async run<R>(run: OperationRun<R>): Promise<void> {
    const { patchStatus } = this.#deps;
    const log = this.#deps.logger.child({ [this.#deps.kind]: run.name });
    const progress = new ProgressPublisher<{ totalBytes: number; bytesDone: number }>(
      (p) => patchStatus(run.name, { progress: p }),
      log,
    );
    try {
      const result = await run.transfer({
        signal: run.signal,
        onStarted: async (path) => {
          await patchStatus(run.name, {
            phase: "InProgress",
            startTimestamp: this.now(),
            ...run.startedStatus?.(path),
          });
          log.info(this.#deps.texts.started, { path });
        },
        onProgress: (p) => {
          progress.update({ totalBytes: p.totalBytes, bytesDone: p.bytesDone });
        },
      });
      await progress.flush();
      await this.#completed(run, result);
    } catch (error) {
      await progress.flush();
      await this.#failed(run, error);
    }
  }

  /** Marks the object Canceled with `message`, keeping its start time. */
  async canceled(name: string, startTimestamp: string | undefined, message: string): Promise<void> {
    await this.#deps.patchStatus(name, {
      phase: "Canceled",
      message,
      startTimestamp: startTimestamp ?? this.now(),
      completionTimestamp: this.now(),
    });
    this.#deps.counters?.cancel.inc({ node: this.#deps.nodeName });
  }

  async #completed<R>(run: OperationRun<R>, result: R): Promise<void> {
    const status = {
      ...run.completedStatus(result),
      phase: "Completed" as const,
      completionTimestamp: this.now(),
    };
    await patchUntilDone(() => this.#deps.patchStatus(run.name, status), this.#deps.clock);
    this.#deps.counters?.success.inc({ node: this.#deps.nodeName });
    run.onCompleted(result);
  }

  async #failed<R>(run: OperationRun<R>, error: unknown): Promise<void> {
    const { nodeName, texts, clock } = this.#deps;
    const stop = stopOf(run.signal);
    if (stop?.kind === "cancel") {
      await patchUntilDone(() => this.canceled(run.name, run.startTimestamp, stop.message), clock);
      return;
    }
    const message =
      stop === undefined
        ? `${texts.failed}: ${errorMessage(error)}`
        : `the node-agent on node ${nodeName} stopped during ${texts.stoppedDuring} (${stop.message})${texts.stoppedConsequence ?? ""}`;
    this.#deps.logger.error(`${this.#deps.kind} failed`, { name: run.name, error: message });
    this.#deps.counters?.failure.inc({ node: nodeName });
    await patchUntilDone(
      () =>
        this.#deps.patchStatus(run.name, {
          phase: "Failed",
          message,
          completionTimestamp: this.now(),
        }),
      clock,
      stop === undefined ? undefined : 1,
    );
  }
}
