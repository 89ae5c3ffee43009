// The volume backups and restores running in this process, by object name: each can be aborted
// on its own (cancel, deletion) or all together (shutdown), and the count is bounded.
import { errorMessage } from "../lib/errors.js";
import type { Logger } from "../lib/log.js";

/** Why an operation's signal aborted. */
export type AbortKind = "cancel" | "shutdown";

/** The reason an operation's AbortSignal carries. */
export class OperationStop extends Error {
  readonly kind: AbortKind;
  constructor(kind: AbortKind, message: string) {
    super(message);
    this.kind = kind;
  }
}

/** The {@link OperationStop} behind an aborted signal, if it is one. */
export function stopOf(signal: AbortSignal): OperationStop | undefined {
  return signal.aborted && signal.reason instanceof OperationStop ? signal.reason : undefined;
}

interface Running {
  readonly controller: AbortController;
  readonly done: Promise<void>;
}

/** Operations running in this process; see the file comment. */
export class RunningOperations {
  readonly #limit: number;
  readonly #logger: Logger;
  readonly #running = new Map<string, Running>();

  constructor(limit: number, logger: Logger) {
    this.#limit = limit;
    this.#logger = logger;
  }

  has(name: string): boolean {
    return this.#running.has(name);
  }

  /** True when no other operation may start now. */
  get isFull(): boolean {
    return this.#running.size >= this.#limit;
  }

  /**
   * Starts `run` under `name` (registered before it runs, so a reconcile caused by its own
   * first patch already sees it). `run` must record its own outcome; a throw is only logged.
   */
  start(name: string, run: (signal: AbortSignal) => Promise<void>): void {
    const controller = new AbortController();
    const done = Promise.resolve()
      .then(() => run(controller.signal))
      .catch((error: unknown) => {
        this.#logger.error("operation ended with an error", { name, error: errorMessage(error) });
      })
      .finally(() => {
        this.#running.delete(name);
      });
    this.#running.set(name, { controller, done });
  }

  /** Aborts one operation with `reason`; does nothing when it is not running. */
  abort(name: string, reason: OperationStop): void {
    this.#running.get(name)?.controller.abort(reason);
  }

  /** Aborts every operation as a shutdown and waits for them to end. */
  async stopAll(message: string): Promise<void> {
    const all = [...this.#running.values()];
    for (const op of all) op.controller.abort(new OperationStop("shutdown", message));
    await Promise.all(all.map((op) => op.done));
  }

  /** Resolves when every operation started so far has ended. */
  async settled(): Promise<void> {
    await Promise.all([...this.#running.values()].map((op) => op.done));
  }
}
