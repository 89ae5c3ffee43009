// The restore hooks of one restore as Velero's restore runs them: init containers added to each
// pod before it is created, exec hooks started in the background once it exists, any failing
// pod cancelling the waits of every other (Velero's shared hooks context), and one wait for all
// of them before the restore ends, which also gives `status.hookStatus`.
import { parseDuration, type HookStatus, type Restore } from "../../lib/api/index.js";
import type { Clock } from "../../lib/clock.js";
import type { KubeObject } from "../../lib/kube/index.js";
import type { Logger } from "../../lib/log.js";
import { HookTracker } from "./hook-tracker.js";
import type { PodExec } from "./pod-exec.js";
import { runRestoreExecHooks } from "./restore-exec-hooks.js";
import { addRestoreInitHooks } from "./restore-init-hooks.js";

/** Velero's default item operation timeout (4 h), the bound when the Restore sets none. */
export const defaultRestoreHookLimitMs = 4 * 60 * 60_000;

/** Options of {@link RestoreHookRunner}. */
export interface RestoreHookRunnerOptions {
  /** The Restore as it runs (resolved spec). */
  readonly restore: Restore;
  readonly exec: PodExec;
  /** Reads a pod's current state; undefined once it is gone. */
  readonly getPod: (namespace: string, name: string) => Promise<KubeObject | undefined>;
  /** The restore's log. */
  readonly log: Logger;
  readonly clock: Clock;
  /** The agent is stopping: {@link RestoreHookRunner.wait} rejects. */
  readonly signal: AbortSignal;
  /**
   * How long {@link RestoreHookRunner.wait} lets hooks wait for their containers. Velero waits
   * forever for a hook without `waitTimeout`; this bounds it (default: the Restore's
   * `spec.itemOperationTimeout`, else 4 h). Hooks still waiting then are errors.
   */
  readonly limitMs?: number;
  /** How often a pod is looked at while its hooks wait (default 1 s). */
  readonly pollMs?: number;
}

/** One failed or unexecuted exec hook, filed under its pod's namespace. */
export interface RestoreHookError {
  readonly namespace: string;
  readonly message: string;
}

/** What the exec hooks of a restore gave. */
export interface RestoreHookResults {
  readonly errors: readonly RestoreHookError[];
  /** Always set once the hooks were waited for, as Velero's restore finalizer does. */
  readonly hookStatus: HookStatus;
}

function limitOf(options: RestoreHookRunnerOptions): number {
  if (options.limitMs !== undefined) return options.limitMs;
  const timeout = options.restore.spec.itemOperationTimeout;
  try {
    const ms = timeout === undefined || timeout === "" ? 0 : parseDuration(timeout);
    return ms > 0 ? ms : defaultRestoreHookLimitMs;
  } catch {
    return defaultRestoreHookLimitMs;
  }
}

/**
 * The hooks of one restore. Contract: `withInitHooks` for each pod about to be created;
 * `startExecHooks` for each pod once created (returns at once; the hooks run in the
 * background); `wait` once, after every item was restored, resolves when every started hook
 * ran or was given up; `cancel` gives up every hook still waiting (a restore that failed).
 */
export class RestoreHookRunner {
  readonly #options: RestoreHookRunnerOptions;
  readonly #tracker = new HookTracker();
  readonly #cancel = new AbortController();
  readonly #runs: Promise<void>[] = [];
  readonly #errors: RestoreHookError[] = [];

  constructor(options: RestoreHookRunnerOptions) {
    this.#options = options;
  }

  /**
   * `pod` (as backed up, before it is moved into its target namespace) with its restore init
   * hooks added; throws InvalidInputError for a spec init container without name, image or
   * command.
   */
  withInitHooks(pod: KubeObject, log: Logger = this.#options.log): KubeObject {
    const spec = this.#options.restore.spec;
    return addRestoreInitHooks(pod, {
      hooks: spec.hooks?.resources ?? [],
      ...(spec.namespaceMapping === undefined ? {} : { namespaceMapping: spec.namespaceMapping }),
      log,
    });
  }

  /** Starts the exec hooks of `pod` (as the API server created it) in the background. */
  startExecHooks(pod: KubeObject): void {
    const options = this.#options;
    const namespace = pod.metadata?.namespace ?? "";
    const run = runRestoreExecHooks({
      pod,
      hooks: options.restore.spec.hooks?.resources ?? [],
      exec: options.exec,
      getPod: options.getPod,
      tracker: this.#tracker,
      log: options.log,
      clock: options.clock,
      signal: options.signal,
      cancel: this.#cancel.signal,
      ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
    }).then(
      (errors) => {
        if (errors.length === 0) return;
        options.log.error("unable to successfully execute post-restore hooks", {
          error: errors.length === 1 ? errors[0] : `[${errors.join(", ")}]`,
        });
        for (const message of errors) this.#errors.push({ namespace, message });
        this.#cancel.abort("context canceled");
      },
      () => undefined,
    );
    this.#runs.push(run);
  }

  /** Gives up every hook still waiting for its container. */
  cancel(): void {
    this.#cancel.abort("context canceled");
  }

  /** Waits for every started hook (see {@link RestoreHookRunnerOptions.limitMs}). */
  async wait(): Promise<RestoreHookResults> {
    const { clock, log, signal } = this.#options;
    log.info("Waiting for restore exec hooks starts");
    const done = new AbortController();
    clock.sleep(limitOf(this.#options), AbortSignal.any([done.signal, signal])).then(
      () => {
        this.#cancel.abort("context deadline exceeded");
      },
      () => undefined,
    );
    try {
      await Promise.all(this.#runs);
    } finally {
      done.abort();
    }
    signal.throwIfAborted();
    log.info("Done waiting for restore exec hooks starts");
    return { errors: [...this.#errors], hookStatus: this.#tracker.status() };
  }
}
