// Makes sure the BackupRepository of a (volume namespace, location) exists and is Ready before
// pod volumes are backed up or restored, as Velero's repository Ensurer does: found by its
// labels (so Velero-made repositories with generated names count), else created as
// `<namespace>-<location>-kopia`, then waited for until the controller says Ready or NotReady.
import {
  formatDuration,
  getValidLabelValue,
  REPOSITORY_TYPE_LABEL,
  STORAGE_LOCATION_LABEL,
  VOLUME_NAMESPACE_LABEL,
  type BackupRepository,
} from "../../lib/api/index.js";
import type { Clock } from "../../lib/clock.js";
import { VeleroError } from "../../lib/errors.js";
import { AlreadyExistsError, type VeleroClients } from "../../lib/kube/index.js";
import type { RepositoryTarget } from "./location-repositories.js";

/** The repository did not become Ready. */
export class RepositoryNotReadyError extends VeleroError {
  constructor(message: string) {
    super("RepositoryNotReady", message);
  }
}

/** What {@link ensureBackupRepository} needs. */
export interface RepositoryEnsurerDeps {
  readonly velero: Pick<VeleroClients, "backupRepositories">;
  readonly clock: Clock;
  /** `spec.maintenanceFrequency` of a new repository. */
  readonly maintenanceFrequencyMs: number;
  /** How long to wait for Ready. */
  readonly timeoutMs: number;
  /** Pause between looks (default 500 ms). */
  readonly pollMs?: number;
}

/** The BackupRepository name Velero's docs show: `<namespace>-<location>-kopia`. */
export function repositoryName(target: RepositoryTarget): string {
  return `${target.volumeNamespace}-${target.location}-kopia`;
}

/** The labels that identify a target's BackupRepository. */
export function repositoryLabels(target: RepositoryTarget): Record<string, string> {
  return {
    [VOLUME_NAMESPACE_LABEL]: getValidLabelValue(target.volumeNamespace),
    [STORAGE_LOCATION_LABEL]: getValidLabelValue(target.location),
    [REPOSITORY_TYPE_LABEL]: "kopia",
  };
}

function selectorOf(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
}

async function findOrCreate(
  deps: RepositoryEnsurerDeps,
  target: RepositoryTarget,
): Promise<BackupRepository> {
  const repos = deps.velero.backupRepositories;
  const labels = repositoryLabels(target);
  const matches = (await repos.list(selectorOf(labels))).filter(
    (r) =>
      r.spec.volumeNamespace === target.volumeNamespace &&
      r.spec.backupStorageLocation === target.location,
  );
  const [found] = matches;
  if (found !== undefined) return found;
  const name = repositoryName(target);
  try {
    return await repos.create({
      apiVersion: "velero.io/v1",
      kind: "BackupRepository",
      metadata: { name, namespace: repos.namespace, labels },
      spec: {
        volumeNamespace: target.volumeNamespace,
        backupStorageLocation: target.location,
        repositoryType: "kopia",
        maintenanceFrequency: formatDuration(deps.maintenanceFrequencyMs),
      },
    });
  } catch (error) {
    if (error instanceof AlreadyExistsError) return repos.get(name);
    throw error;
  }
}

/**
 * The target's Ready BackupRepository. Throws {@link RepositoryNotReadyError} with the
 * controller's message when it is NotReady, or when it is not Ready within `timeoutMs`.
 */
export async function ensureBackupRepository(
  deps: RepositoryEnsurerDeps,
  target: RepositoryTarget,
  signal?: AbortSignal,
): Promise<BackupRepository> {
  let repo = await findOrCreate(deps, target);
  const name = repo.metadata.name ?? "";
  const deadline = deps.clock.now().getTime() + deps.timeoutMs;
  for (;;) {
    const phase = repo.status?.phase;
    if (phase === "Ready") return repo;
    if (phase === "NotReady") {
      throw new RepositoryNotReadyError(
        `backup repository ${name} is not ready: ${repo.status?.message ?? ""}`,
      );
    }
    if (deps.clock.now().getTime() >= deadline) {
      throw new RepositoryNotReadyError(
        `timed out after ${formatDuration(deps.timeoutMs)} waiting for backup repository ${name} to become ready`,
      );
    }
    await deps.clock.sleep(deps.pollMs ?? 500, signal);
    repo = await deps.velero.backupRepositories.get(name);
  }
}
