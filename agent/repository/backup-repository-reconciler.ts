// The BackupRepository state machine: New → Ready once the repository exists in the bucket
// (initialised when missing, with the password Secret), NotReady with the reason otherwise
// (looked at again periodically); Ready repositories are maintained on their frequency.
import {
  formatDuration,
  formatTime,
  type BackupRepository,
  type BackupRepositoryStatus,
  type BackupStorageLocation,
} from "../../lib/api/index.js";
import type { Clock } from "../../lib/clock.js";
import { errorMessage } from "../../lib/errors.js";
import type { Logger } from "../../lib/log.js";
import type { ReconcileResult } from "../../lib/reconcile/index.js";
import type { OpenedTarget, RepositoryTarget } from "./location-repositories.js";
import {
  appendMaintenance,
  checkReadFraction,
  maintainRepository,
  maintenanceFrequencyMs,
  msUntilMaintenance,
  type MaintenanceOutcome,
} from "./repository-maintenance.js";

/** Metrics of maintenance runs, labelled by repository name. */
export interface MaintenanceMetrics {
  recordSuccess(repository: string, seconds: number): void;
  recordFailure(repository: string, seconds: number): void;
}

/** What the reconciler needs. */
export interface BackupRepositoryReconcilerDeps {
  readonly repos: {
    get(name: string): Promise<BackupRepository | undefined>;
    patch(name: string, patch: unknown): Promise<unknown>;
  };
  readonly getLocation: (name: string) => Promise<BackupStorageLocation | undefined>;
  readonly open: (target: RepositoryTarget, create: boolean) => Promise<OpenedTarget>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: MaintenanceMetrics;
  /** `--default-repo-maintain-frequency`. */
  readonly defaultFrequencyMs: number;
  /** How often NotReady repositories are looked at again (default 5 minutes). */
  readonly retryNotReadyMs?: number;
  /** How soon a maintenance skipped because a backup ran is tried again (default 5 minutes). */
  readonly retrySkippedMs?: number;
}

const fiveMinutes = 5 * 60_000;

/** Drives BackupRepositories; see the file comment. */
export class BackupRepositoryReconciler {
  readonly #deps: BackupRepositoryReconcilerDeps;

  constructor(deps: BackupRepositoryReconcilerDeps) {
    this.#deps = deps;
  }

  /** Reconciles one BackupRepository, read fresh from the API. */
  async reconcile(name: string): Promise<ReconcileResult | undefined> {
    const repo = await this.#deps.repos.get(name);
    if (repo === undefined || !isOurs(repo)) return undefined;
    const location = await this.#deps.getLocation(repo.spec.backupStorageLocation);
    if (location === undefined) {
      this.#deps.logger.warn("backup storage location of a repository not found", {
        repository: name,
        location: repo.spec.backupStorageLocation,
      });
      return { requeueAfterMs: this.#deps.retryNotReadyMs ?? fiveMinutes };
    }
    const phase = repo.status?.phase ?? "New";
    if (phase !== "Ready") return this.#prepare(name, repo, phase === "New");
    if (location.spec.accessMode === "ReadOnly") return undefined;
    return this.#maintainIfDue(name, repo);
  }

  async #prepare(
    name: string,
    repo: BackupRepository,
    isNew: boolean,
  ): Promise<ReconcileResult | undefined> {
    const target = targetOf(repo);
    const status: BackupRepositoryStatus = {};
    try {
      const opened = await this.#deps.open(target, true);
      await opened.repository.close();
      status.phase = "Ready";
      status.message = "";
      if (isNew) status.lastMaintenanceTime = formatTime(this.#deps.clock.now());
    } catch (error) {
      status.phase = "NotReady";
      status.message = errorMessage(error);
    }
    const patch: Record<string, unknown> = { status };
    if (isNew) patch["spec"] = { maintenanceFrequency: this.#frequencyText(repo) };
    await this.#deps.repos.patch(name, patch);
    if (status.phase === "NotReady") {
      this.#deps.logger.warn("backup repository not ready", {
        repository: name,
        error: status.message,
      });
      return { requeueAfterMs: this.#deps.retryNotReadyMs ?? fiveMinutes };
    }
    return { requeueAfterMs: maintenanceFrequencyMs(repo, this.#deps.defaultFrequencyMs) };
  }

  async #maintainIfDue(name: string, repo: BackupRepository): Promise<ReconcileResult> {
    const fallback = this.#deps.defaultFrequencyMs;
    const wait = msUntilMaintenance(repo, this.#deps.clock.now(), fallback);
    if (wait > 0) return { requeueAfterMs: wait };
    const start = this.#deps.clock.now();
    const outcome = await this.#runMaintenance(repo);
    const end = this.#deps.clock.now();
    const seconds = (end.getTime() - start.getTime()) / 1000;
    if (outcome.result === "Skipped") {
      this.#deps.logger.info("maintenance skipped", { repository: name, reason: outcome.message });
      return { requeueAfterMs: this.#deps.retrySkippedMs ?? fiveMinutes };
    }
    const entry = {
      result: outcome.result,
      startTimestamp: formatTime(start),
      completeTimestamp: formatTime(end),
      message: outcome.message,
    };
    const status: BackupRepositoryStatus = {
      recentMaintenance: appendMaintenance(repo.status?.recentMaintenance, entry),
    };
    if (outcome.result === "Succeeded") {
      status.lastMaintenanceTime = formatTime(end);
      this.#deps.metrics.recordSuccess(name, seconds);
    } else {
      this.#deps.metrics.recordFailure(name, seconds);
      this.#deps.logger.warn("maintenance failed", { repository: name, error: outcome.message });
    }
    await this.#deps.repos.patch(name, { status });
    return { requeueAfterMs: maintenanceFrequencyMs(repo, fallback) };
  }

  async #runMaintenance(repo: BackupRepository): Promise<MaintenanceOutcome> {
    let opened: OpenedTarget;
    try {
      opened = await this.#deps.open(targetOf(repo), false);
    } catch (error) {
      return { result: "Failed", message: `cannot open the repository: ${errorMessage(error)}` };
    }
    try {
      return await maintainRepository(opened.repository, {
        readDataFraction: checkReadFraction(repo),
      });
    } finally {
      await opened.repository.close();
    }
  }

  #frequencyText(repo: BackupRepository): string {
    const ms = maintenanceFrequencyMs(repo, this.#deps.defaultFrequencyMs);
    return formatDuration(ms);
  }
}

/** Kopia repositories (and untyped ones) are ours; restic repositories are not maintained. */
function isOurs(repo: BackupRepository): boolean {
  const type = repo.spec.repositoryType ?? "";
  return type === "kopia" || type === "";
}

function targetOf(repo: BackupRepository): RepositoryTarget {
  return {
    location: repo.spec.backupStorageLocation,
    volumeNamespace: repo.spec.volumeNamespace,
  };
}
