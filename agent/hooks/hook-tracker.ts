// Counts the hooks of one backup or restore as Velero's HookTracker does: a hook is attempted
// once it is registered (even when an earlier failure keeps it from running) and failed once
// its run is recorded as failed; the counts become `status.hookStatus`.
import type { HookStatus } from "../../lib/api/index.js";

/** Identifies one hook of one pod. */
export interface HookKey {
  readonly namespace: string;
  readonly pod: string;
  readonly container: string;
  /** `annotation` or `spec`. */
  readonly source: HookSource;
  /** The spec entry's name (`""` for annotations). */
  readonly name: string;
  /** `pre`/`post` for backup hooks, `""` for restore hooks. */
  readonly phase: string;
  readonly index: number;
}

/** Where a hook was declared. */
export type HookSource = "annotation" | "spec";

function keyText(key: HookKey): string {
  return JSON.stringify([
    key.namespace,
    key.pod,
    key.container,
    key.source,
    key.name,
    key.phase,
    key.index,
  ]);
}

/** See the file comment. */
export class HookTracker {
  readonly #hooks = new Map<string, { executed: boolean }>();
  #failed = 0;

  /** Registers a hook (counted as attempted once). */
  add(key: HookKey): void {
    const text = keyText(key);
    if (!this.#hooks.has(text)) this.#hooks.set(text, { executed: false });
  }

  /** Records the run of a registered hook (the first record counts); false when unknown. */
  record(key: HookKey, failed: boolean): boolean {
    const entry = this.#hooks.get(keyText(key));
    if (entry === undefined) return false;
    if (!entry.executed) {
      entry.executed = true;
      if (failed) this.#failed++;
    }
    return true;
  }

  /** True once every registered hook ran. */
  get complete(): boolean {
    return [...this.#hooks.values()].every((h) => h.executed);
  }

  /** The counters, as `status.hookStatus` carries them (zeros left out, as Go's omitempty). */
  status(): HookStatus {
    const attempted = this.#hooks.size;
    return {
      ...(attempted > 0 ? { hooksAttempted: attempted } : {}),
      ...(this.#failed > 0 ? { hooksFailed: this.#failed } : {}),
    };
  }
}
