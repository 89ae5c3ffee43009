// Moves Restores through their phases as Velero's restore controller does: the finalizer is
// added, New restores are validated (FailedValidation) or run (InProgress ⇒ Completed,
// PartiallyFailed or Failed), restores left InProgress by a previous agent are failed, and a
// deleted Restore's files under restores/<r>/ are removed before its finalizer is.
import {
  formatDuration,
  formatTime,
  parseDuration,
  type Restore,
  type RestoreStatus,
} from "../../lib/api/index.js";
import { errorMessage } from "../../lib/errors.js";
import { isNotFound } from "../../lib/kube/index.js";
import type { AgentContext } from "../agent-context.js";
import { ReadOnlyLocationError } from "../storage/index.js";
import { resolveRestore, type ResolvedRestore } from "./restore-request.js";
import { withResourceModifiers } from "./resource-modifiers/index.js";
import { runRestore, type RestoreRunDeps } from "./restore-runner.js";

/** The finalizer that removes a deleted Restore's files from the bucket. */
export const restoreFinalizer = "restores.velero.io/external-resources-finalizer";

/** Velero's default `--default-item-operation-timeout`: 4 hours. */
const defaultItemOperationTimeoutMs = 4 * 60 * 60_000;

/** What the lifecycle needs. */
export interface RestoreLifecycleDeps extends Omit<RestoreRunDeps, "ctx"> {
  readonly ctx: AgentContext;
}

/** True for a Restore nobody has looked at yet. */
export function isNewRestore(restore: Restore): boolean {
  const phase = restore.status?.phase;
  return phase === undefined || phase === "New";
}

/** True for a deleted Restore whose finalizer is still to be handled. */
export function isDeletedRestore(restore: Restore): boolean {
  return (
    restore.metadata.deletionTimestamp !== undefined &&
    (restore.metadata.finalizers ?? []).includes(restoreFinalizer)
  );
}

function isUnsetDuration(value: string | undefined): boolean {
  if (value === undefined || value === "") return true;
  try {
    return parseDuration(value) === 0;
  } catch {
    return false;
  }
}

function scheduleOf(restore: Restore): { schedule: string } {
  return { schedule: restore.spec.scheduleName ?? "" };
}

/** The restore controller's work; see the file comment. */
export class RestoreLifecycle {
  readonly #deps: RestoreLifecycleDeps;

  constructor(deps: RestoreLifecycleDeps) {
    this.#deps = deps;
  }

  /** Marks Restores found InProgress at start-up Failed (Velero's wording). */
  async failInterrupted(): Promise<void> {
    const ctx = this.#deps.ctx;
    for (const restore of await ctx.velero.restores.list()) {
      if (restore.status?.phase !== "InProgress") continue;
      const failureReason = `found a restore with status "InProgress" during the server starting, mark it as "Failed"`;
      await ctx.velero.restores.patchStatus(restore.metadata.name ?? "", {
        phase: "Failed",
        failureReason,
        completionTimestamp: formatTime(ctx.clock.now()),
      });
      ctx.logger.warn(failureReason, { restore: restore.metadata.name });
    }
  }

  /** Handles the Restore named `name` as it is now. */
  async reconcile(name: string, signal: AbortSignal): Promise<void> {
    const restore = await this.#get(name);
    if (restore === undefined) return;
    if (isDeletedRestore(restore)) {
      await this.#finalize(restore);
      return;
    }
    if (restore.metadata.deletionTimestamp !== undefined || !isNewRestore(restore)) return;
    await this.#process(await this.#withFinalizer(restore), signal);
  }

  async #get(name: string): Promise<Restore | undefined> {
    try {
      return await this.#deps.ctx.velero.restores.get(name);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async #withFinalizer(restore: Restore): Promise<Restore> {
    const finalizers = restore.metadata.finalizers ?? [];
    if (finalizers.includes(restoreFinalizer)) return restore;
    return this.#deps.ctx.velero.restores.patch(restore.metadata.name ?? "", {
      metadata: {
        finalizers: [...finalizers, restoreFinalizer],
        resourceVersion: restore.metadata.resourceVersion,
      },
    });
  }

  async #process(restore: Restore, signal: AbortSignal): Promise<void> {
    const { ctx } = this.#deps;
    const name = restore.metadata.name ?? "";
    const resolution = await withResourceModifiers(
      { rest: ctx.rest, namespace: ctx.velero.namespace, logger: ctx.logger },
      await resolveRestore(ctx.velero, restore),
    );
    ctx.metrics.restoreAttempt.inc(
      scheduleOf({
        ...restore,
        spec: resolution.valid ? resolution.restore.spec : resolution.spec,
      }),
    );
    if (!resolution.valid) {
      await ctx.velero.restores.patch(name, {
        spec: resolution.spec,
        status: { phase: "FailedValidation", validationErrors: [...resolution.errors] },
      });
      ctx.metrics.restoreValidationFailed.inc(scheduleOf(restore));
      ctx.logger.info("restore failed validation", { restore: name, errors: resolution.errors });
      return;
    }
    const inProgress = await this.#start(restore, resolution.restore);
    let final: Restore;
    try {
      final = await runRestore(
        { ...this.#deps, ctx },
        inProgress,
        { ...resolution.restore, spec: inProgress.spec },
        signal,
      );
    } catch (error) {
      if (signal.aborted) throw error;
      final = {
        ...inProgress,
        status: {
          ...inProgress.status,
          phase: "Failed",
          failureReason: errorMessage(error),
          completionTimestamp: formatTime(ctx.clock.now()),
        },
      };
    }
    await ctx.velero.restores.patch(name, { status: final.status });
    this.#record(final);
  }

  async #start(restore: Restore, resolved: ResolvedRestore): Promise<Restore> {
    const { ctx } = this.#deps;
    const status: RestoreStatus = {
      phase: "InProgress",
      startTimestamp: formatTime(ctx.clock.now()),
    };
    const spec = { ...resolved.spec };
    const timeout = spec.itemOperationTimeout;
    if (isUnsetDuration(timeout)) {
      spec.itemOperationTimeout = formatDuration(defaultItemOperationTimeoutMs);
    }
    return ctx.velero.restores.patch(restore.metadata.name ?? "", { spec, status });
  }

  #record(restore: Restore): void {
    const metrics = this.#deps.ctx.metrics;
    const labels = scheduleOf(restore);
    const phase = restore.status?.phase;
    if (phase === "Completed") metrics.restoreSuccess.inc(labels);
    else if (phase === "PartiallyFailed") metrics.restorePartialFailure.inc(labels);
    else metrics.restoreFailed.inc(labels);
  }

  async #finalize(restore: Restore): Promise<void> {
    const { ctx } = this.#deps;
    const name = restore.metadata.name ?? "";
    await this.#deleteFiles(restore);
    const finalizers = (restore.metadata.finalizers ?? []).filter((f) => f !== restoreFinalizer);
    try {
      await ctx.velero.restores.patch(name, {
        metadata: { finalizers, resourceVersion: restore.metadata.resourceVersion },
      });
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  /** Velero's deleteExternalResources; skipped when the backup or its location is gone. */
  async #deleteFiles(restore: Restore): Promise<void> {
    const { ctx } = this.#deps;
    const name = restore.metadata.name ?? "";
    const log = ctx.logger.child({ restore: name });
    const backupName = restore.spec.backupName ?? "";
    if (backupName === "") return;
    try {
      const backup = await ctx.velero.backups.get(backupName);
      const opened = await ctx.locations.open(backup.spec.storageLocation ?? "");
      await opened.store.deleteRestore(name);
      log.info("deleted the restore's files in object storage");
    } catch (error) {
      if (isNotFound(error)) {
        log.info(
          "skip deleting restore files in object storage: the backup or its location does not exist",
        );
      } else if (error instanceof ReadOnlyLocationError) {
        log.info("skip deleting restore files in object storage: the location is read-only");
      } else {
        throw new Error(`error deleting restore files in object storage: ${errorMessage(error)}`, {
          cause: error,
        });
      }
    }
  }
}
