// The agent's pod volume backupper (Velero's podvolume.Backupper): for each backed-up pod it
// selects the volumes, checks the node-agent on the pod's node, makes sure the namespace's
// repository is Ready, creates one PodVolumeBackup per volume (each claim once per backup),
// then waits for all of them and returns them with their volume info.
import { BACKUP_UID_LABEL, type Backup, type PodVolumeBackup } from "../../lib/api/index.js";
import type { Clock } from "../../lib/clock.js";
import { errorMessage } from "../../lib/errors.js";
import type { Logger } from "../../lib/log.js";
import type {
  PodVolumeBackupContext,
  PodVolumeBackupper,
  PodVolumeBackupperFactory,
  PodVolumeBackupRequest,
  PodVolumeBackupResults,
} from "../backup/index.js";
import type { RepositoryTarget } from "../repository/index.js";
import type { ClaimReader, ClaimView } from "./claim-reader.js";
import {
  newPodVolumeBackup,
  volumeInfoOf,
  type BackedUpPod,
  type ClaimDetails,
} from "./pod-volume-backup-object.js";
import { waitForFinalPhases } from "./final-phase-waiter.js";
import { selectPodVolumes, type PodVolume, type SelectionPolicy } from "./volume-selection.js";

/** What the backupper needs (the API and the repository ensurer, as functions). */
export interface PodVolumeBackupsDeps {
  readonly pvbs: {
    create(pvb: PodVolumeBackup): Promise<PodVolumeBackup>;
    list(labelSelector: string): Promise<PodVolumeBackup[]>;
  };
  readonly claims: ClaimReader;
  /** Throws unless a node-agent runs on the node (`NodeAgentNotRunningError`). */
  readonly checkNodeAgent: (node: string) => Promise<void>;
  /** Resolves once the target's BackupRepository is Ready; throws with the reason otherwise. */
  readonly ensureRepository: (target: RepositoryTarget, signal?: AbortSignal) => Promise<void>;
  readonly clock: Clock;
  /** Pause between looks at the PodVolumeBackups (default 1 s). */
  readonly pollMs?: number;
  /** Whether the backup's resource filters leave PVCs out (defaults to keeping them). */
  readonly excludesClaims?: (backup: Backup) => boolean;
}

interface Started {
  readonly pvb: PodVolumeBackup;
  readonly claim: ClaimDetails | undefined;
  readonly log: Logger;
}

function identityOf(pod: BackedUpPod): { name: string; namespace: string } {
  const metadata = pod.metadata ?? {};
  return { name: metadata.name ?? "", namespace: metadata.namespace ?? "" };
}

function podLabel(pod: BackedUpPod): string {
  const { name, namespace } = identityOf(pod);
  return `${namespace}/${name}`;
}

function isMounted(pod: BackedUpPod, volume: string): boolean {
  return (pod.spec?.containers ?? []).some(
    (c) =>
      (c.volumeMounts ?? []).some((m) => m.name === volume) ||
      (c.volumeDevices ?? []).some((d) => d.name === volume),
  );
}

class PodVolumeBackups implements PodVolumeBackupper {
  readonly #deps: PodVolumeBackupsDeps;
  readonly #context: PodVolumeBackupContext;
  readonly #policy: SelectionPolicy;
  readonly #deadlineMs: number;
  readonly #started: Started[] = [];
  readonly #claimsSeen = new Set<string>();
  readonly #repositories = new Map<string, Promise<void>>();

  constructor(deps: PodVolumeBackupsDeps, context: PodVolumeBackupContext) {
    this.#deps = deps;
    this.#context = context;
    this.#policy = {
      defaultVolumesToFsBackup: context.backup.spec.defaultVolumesToFsBackup === true,
      excludesClaims: deps.excludesClaims?.(context.backup) ?? false,
    };
    this.#deadlineMs = deps.clock.now().getTime() + context.timeoutMs;
  }

  async backupPodVolumes(request: PodVolumeBackupRequest): Promise<void> {
    const pod = request.pod as BackedUpPod;
    const { volumes } = selectPodVolumes(pod, this.#policy);
    if (volumes.length === 0) return;
    const { name, namespace } = identityOf(pod);
    const phase = pod.status?.phase ?? "";
    if (phase !== "Running") {
      for (const volume of volumes) {
        request.log.warn(
          `Skip pod volume: backup for volume ${volume} is skipped: pod is not in the expected status, name=${name}, namespace=${namespace}, phase=${phase}: pod is not running`,
        );
      }
      return;
    }
    await this.#deps.checkNodeAgent(pod.spec?.nodeName ?? "");
    await this.#ensureRepository(namespace);
    for (const volume of volumes) {
      try {
        await this.#backUpVolume(pod, volume, request.log);
      } catch (error) {
        request.log.error(`Error backing up volume ${volume}: ${errorMessage(error)}`);
      }
    }
  }

  #ensureRepository(volumeNamespace: string): Promise<void> {
    let ensured = this.#repositories.get(volumeNamespace);
    if (ensured === undefined) {
      const location = this.#context.backup.spec.storageLocation ?? "";
      ensured = this.#deps.ensureRepository({ location, volumeNamespace });
      this.#repositories.set(volumeNamespace, ensured);
    }
    return ensured;
  }

  async #backUpVolume(pod: BackedUpPod, name: string, log: Logger): Promise<void> {
    const volume = pod.spec?.volumes?.find((v) => v.name === name);
    if (volume === undefined) {
      log.warn(`No volume named ${name} found in pod ${podLabel(pod)}, skipping`);
      return;
    }
    if (!isMounted(pod, name)) {
      log.warn(
        `Volume ${name} is declared in pod ${podLabel(pod)} but not mounted by any container, skipping`,
      );
      return;
    }
    const claim = await this.#claimOf(pod, volume, log);
    if (claim === null) return;
    const pvb = newPodVolumeBackup(this.#context.backup, pod, name, claim);
    const created = await this.#deps.pvbs.create(pvb);
    this.#started.push({ pvb: created, claim, log });
  }

  /** The claim to record; `null` when the volume must be skipped, undefined when not a PVC. */
  async #claimOf(
    pod: BackedUpPod,
    volume: PodVolume,
    log: Logger,
  ): Promise<ClaimView | undefined | null> {
    const claimName = volume.persistentVolumeClaim?.claimName;
    if (claimName === undefined) return undefined;
    const namespace = pod.metadata?.namespace ?? "";
    const claim = await this.#deps.claims(namespace, claimName);
    if (claim === undefined) {
      throw new Error(`persistent volume claim ${namespace}/${claimName} not found`);
    }
    return this.#skipReason(claim, volume.name, namespace, log) ? null : claim;
  }

  #skipReason(claim: ClaimView, volume: string, namespace: string, log: Logger): boolean {
    const key = `${namespace}/${claim.name}`;
    if (this.#claimsSeen.has(key)) {
      log.info(
        "Pod volume uses a persistent volume claim which has already been backed up from another pod, skipping.",
        { volume },
      );
      return true;
    }
    this.#claimsSeen.add(key);
    if (claim.hostPath) {
      log.warn(
        `Volume ${volume} in namespace ${namespace} is a hostPath volume which is not supported for pod volume backup, skipping`,
      );
      return true;
    }
    if (claim.block) {
      log.warn(
        `Volume ${volume} is a block volume, which is not supported for pod volume backup, skipping`,
      );
      return true;
    }
    return false;
  }

  async waitAll(signal: AbortSignal): Promise<PodVolumeBackupResults> {
    if (this.#started.length === 0) return { podVolumeBackups: [], volumeInfos: [] };
    const deps = this.#deps;
    const { objects: pvbs, timedOut } = await waitForFinalPhases(
      {
        list: (selector) => deps.pvbs.list(selector),
        clock: deps.clock,
        ...(deps.pollMs === undefined ? {} : { pollMs: deps.pollMs }),
      },
      {
        labelSelector: `${BACKUP_UID_LABEL}=${this.#context.backup.metadata.uid ?? ""}`,
        started: this.#started.map((s) => s.pvb),
        deadlineMs: this.#deadlineMs,
      },
      signal,
    );
    if (timedOut) this.#context.log.error("timed out waiting for all PodVolumeBackups to complete");
    pvbs.forEach((pvb, i) => {
      const started = this.#started[i];
      if (started !== undefined) reportOutcome(pvb, started.log);
    });
    return {
      podVolumeBackups: pvbs,
      volumeInfos: pvbs.map((pvb, i) => volumeInfoOf(pvb, this.#started[i]?.claim)),
    };
  }
}

function reportOutcome(pvb: PodVolumeBackup, log: Logger): void {
  const phase = pvb.status?.phase;
  const fields = { podVolumeBackup: pvb.metadata.name ?? "", volume: pvb.spec.volume };
  if (phase === "Failed") {
    log.error(`pod volume backup failed: ${pvb.status?.message ?? ""}`, fields);
  } else if (phase === "Canceled") {
    log.error(`pod volume backup canceled: ${pvb.status?.message ?? ""}`, fields);
  } else if (phase === "Completed") {
    log.info("Pod volume backup completed", fields);
  }
}

/** The factory the backup controller takes as `podVolumes`. */
export function podVolumeBackups(deps: PodVolumeBackupsDeps): PodVolumeBackupperFactory {
  return (context) => new PodVolumeBackups(deps, context);
}
