// BackupStorageLocation controller: keeps a single default location and validates each
// location on its validationFrequency, recording Available/Unavailable, why, and when.
import { formatTime, type BackupStorageLocation } from "../../lib/api/index.js";
import type { Clock } from "../../lib/clock.js";
import { errorMessage } from "../../lib/errors.js";
import type { VeleroResourceClient } from "../../lib/kube/index.js";
import type { Logger } from "../../lib/log.js";
import type { ReconcileResult } from "../../lib/reconcile/index.js";
import type { AgentContext, AgentController } from "../agent-context.js";
import {
  chooseDefaultLocation,
  validateLocation,
  validationDueInMs,
  type LocationOpener,
} from "../locations/index.js";
import { kindController } from "./kind-controller.js";

/** What the reconcile needs (an AgentContext has all of it). */
export interface LocationControllerDeps {
  readonly velero: { readonly backupStorageLocations: VeleroResourceClient<BackupStorageLocation> };
  readonly locations: LocationOpener;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly config: { readonly storeValidationFrequencyMs: number };
  readonly metrics: {
    readonly backupLocationStatus: {
      set(labels: { backup_location_name: string }, value: number): void;
      remove(labels: { backup_location_name: string }): void;
    };
  };
}

/**
 * Remembers the spec each location was last validated with, so a spec change is validated at
 * once (Velero reconciles on spec changes) while status updates wait for the next due time.
 */
export class ValidatedSpecs {
  readonly #specs = new Map<string, string>();

  /** True when `location`'s spec differs from the one last validated (or none was). */
  changed(location: BackupStorageLocation): boolean {
    return this.#specs.get(location.metadata.name ?? "") !== JSON.stringify(location.spec);
  }

  record(location: BackupStorageLocation): void {
    this.#specs.set(location.metadata.name ?? "", JSON.stringify(location.spec));
  }

  forget(name: string): void {
    this.#specs.delete(name);
  }
}

/** Reconciles one location by name; see the file comment. */
export async function reconcileBackupStorageLocation(
  deps: LocationControllerDeps,
  specs: ValidatedSpecs,
  name: string,
): Promise<ReconcileResult | undefined> {
  const all = await deps.velero.backupStorageLocations.list();
  const location = all.find((l) => l.metadata.name === name);
  if (location === undefined) {
    specs.forget(name);
    deps.metrics.backupLocationStatus.remove({ backup_location_name: name });
    return undefined;
  }
  await ensureSingleDefault(deps, all);
  const frequency = deps.config.storeValidationFrequencyMs;
  const dueIn = validationDueInMs(location, frequency, deps.clock.now());
  if (!specs.changed(location) && dueIn !== 0) {
    return dueIn === undefined ? undefined : { requeueAfterMs: dueIn };
  }
  const validated = await validateAndRecord(deps, location);
  specs.record(location);
  const next = validationDueInMs(validated, frequency, deps.clock.now());
  return next === undefined ? undefined : { requeueAfterMs: Math.max(next, 1) };
}

async function validateAndRecord(
  deps: LocationControllerDeps,
  location: BackupStorageLocation,
): Promise<BackupStorageLocation> {
  const name = location.metadata.name ?? "";
  const result = await validateLocation(deps.locations, location);
  const status = {
    phase: result.phase,
    message: result.message ?? null,
    lastValidationTime: formatTime(deps.clock.now()),
  };
  const patched = await deps.velero.backupStorageLocations.patch(name, { status });
  const available = result.phase === "Available";
  deps.metrics.backupLocationStatus.set({ backup_location_name: name }, available ? 1 : 0);
  const log = deps.logger.child({ backupStorageLocation: name });
  if (available) log.info("backup storage location is valid, marking it Available");
  else log.warn("backup storage location is invalid, marking it Unavailable", status);
  return patched;
}

async function ensureSingleDefault(
  deps: LocationControllerDeps,
  locations: readonly BackupStorageLocation[],
): Promise<void> {
  const choice = chooseDefaultLocation(locations);
  for (const name of choice.unset) {
    try {
      await deps.velero.backupStorageLocations.patch(name, { spec: { default: false } });
      deps.logger.info("unset default backup storage location", {
        backupStorageLocation: name,
        default: choice.defaultName,
      });
    } catch (error) {
      deps.logger.warn("could not unset default backup storage location", {
        backupStorageLocation: name,
        error: errorMessage(error),
      });
    }
  }
  if (choice.defaultName === undefined && locations.length > 0) {
    deps.logger.debug("no backup storage location is marked default");
  }
}

/** The `backup-storage-location` controller (validation every 10 s at most, as Velero). */
export function backupStorageLocationController(ctx: AgentContext): AgentController {
  const specs = new ValidatedSpecs();
  return kindController<BackupStorageLocation>(ctx, {
    name: "backup-storage-location",
    kind: "BackupStorageLocation",
    workers: 2,
    resyncMs: 10_000,
    reconciler: () => ({
      reconcile: (name) => reconcileBackupStorageLocation(ctx, specs, name),
    }),
  });
}
