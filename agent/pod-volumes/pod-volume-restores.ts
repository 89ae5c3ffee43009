// The agent's pod volume restorer (Velero's podvolume.Restorer and its pod-volume-restore item
// action): the restore-wait init container goes into each restored pod with file-system backups,
// one PodVolumeRestore per backed-up volume is created once the pod exists, and the restore
// waits for them, reporting failures as restore errors and each volume in its volume info.
import {
  POD_UID_LABEL,
  RESTORE_NAME_LABEL,
  RESTORE_UID_LABEL,
  getValidLabelValue,
  type PodVolumeBackup,
  type PodVolumeRestore,
  type Restore,
} from "../../lib/api/index.js";
import type { RestoreVolumeInfo } from "../../lib/backup-store/index.js";
import type { Clock } from "../../lib/clock.js";
import type { KubeObject } from "../../lib/kube/index.js";
import type {
  PodVolumeRestoreContext,
  PodVolumeRestorer,
  PodVolumeRestorerFactory,
  PodVolumeRestoreRequest,
  PodVolumeRestoreResults,
} from "../restore/pod-volume-restorer.js";
import type { RepositoryTarget } from "../repository/index.js";
import { waitForFinalPhases } from "./final-phase-waiter.js";
import { podVolumesAmong, withRestoreWait } from "./restore-wait-container.js";

/** What the restorer needs (the API, the repository ensurer and the helper image). */
export interface PodVolumeRestoresDeps {
  readonly pvrs: {
    create(pvr: PodVolumeRestore): Promise<PodVolumeRestore>;
    list(labelSelector: string): Promise<PodVolumeRestore[]>;
  };
  /** Resolves once the target's BackupRepository is Ready; throws with the reason otherwise. */
  readonly ensureRepository: (target: RepositoryTarget) => Promise<void>;
  /** The image of the restore-wait init container. */
  readonly helperImage: () => Promise<string>;
  readonly clock: Clock;
  /** Pause between looks at the PodVolumeRestores (default 1 s). */
  readonly pollMs?: number;
}

interface PodVolumeSource {
  readonly name: string;
  readonly persistentVolumeClaim?: { readonly claimName: string };
}

interface Started {
  readonly pvr: PodVolumeRestore;
  readonly claimName: string | undefined;
}

function claimOf(pod: KubeObject, volume: string): string | undefined {
  const volumes = (pod as { spec?: { volumes?: PodVolumeSource[] } }).spec?.volumes ?? [];
  return volumes.find((v) => v.name === volume)?.persistentVolumeClaim?.claimName;
}

function podReference(pod: KubeObject): PodVolumeRestore["spec"]["pod"] {
  const { namespace = "", name = "", uid = "" } = pod.metadata ?? {};
  return { kind: "Pod", namespace, name, uid };
}

function snapshotOf(pvb: PodVolumeBackup): { snapshotID: string; snapshotSize?: number } {
  const status = pvb.status ?? {};
  const size = status.progress?.totalBytes;
  return {
    snapshotID: status.snapshotID ?? "",
    ...(size === undefined ? {} : { snapshotSize: size }),
  };
}

/** Velero's newPodVolumeRestore. */
export function newPodVolumeRestore(
  restore: Restore,
  pod: KubeObject,
  pvb: PodVolumeBackup,
  context: { location: string; sourceNamespace: string },
): PodVolumeRestore {
  const name = restore.metadata.name ?? "";
  const uid = restore.metadata.uid ?? "";
  return {
    apiVersion: "velero.io/v1",
    kind: "PodVolumeRestore",
    metadata: {
      namespace: restore.metadata.namespace ?? "",
      generateName: `${name}-`,
      ownerReferences: [
        { apiVersion: "velero.io/v1", kind: "Restore", name, uid, controller: true },
      ],
      labels: {
        [RESTORE_NAME_LABEL]: getValidLabelValue(name),
        [RESTORE_UID_LABEL]: uid,
        [POD_UID_LABEL]: pod.metadata?.uid ?? "",
      },
    },
    spec: {
      pod: podReference(pod),
      volume: pvb.spec.volume,
      sourceNamespace: context.sourceNamespace,
      backupStorageLocation: context.location,
      repoIdentifier: "",
      uploaderType: pvb.spec.uploaderType ?? "kopia",
      ...snapshotOf(pvb),
    },
  };
}

/** The `<r>-volumeinfo.json.gz` entry of a PodVolumeRestore. */
export function restoreVolumeInfoOf(
  pvr: PodVolumeRestore,
  claimName: string | undefined,
): RestoreVolumeInfo {
  const { namespace = "", name = "" } = pvr.spec.pod;
  return {
    ...(claimName === undefined ? {} : { pvcName: claimName, pvcNamespace: namespace }),
    restoreMethod: "PodVolumeRestore",
    snapshotDataMoved: false,
    pvrInfo: {
      snapshotHandle: pvr.spec.snapshotID,
      size: pvr.status?.progress?.totalBytes ?? 0,
      uploaderType: pvr.spec.uploaderType ?? "kopia",
      volumeName: pvr.spec.volume,
      podName: name,
      podNamespace: namespace,
      Phase: pvr.status?.phase ?? "",
    },
  };
}

function failureOf(pvr: PodVolumeRestore): string | undefined {
  const { namespace = "", name = "" } = pvr.spec.pod;
  const where = `pod ${namespace}/${name}, volume ${pvr.spec.volume}`;
  const message = pvr.status?.message ?? "";
  const phase = pvr.status?.phase;
  if (phase === "Completed") return undefined;
  if (phase === "Failed") return `pod volume restore failed (${where}): ${message}`;
  if (phase === "Canceled") return `pod volume restore canceled (${where}): ${message}`;
  return `pod volume restore did not finish (${where})`;
}

class PodVolumeRestores implements PodVolumeRestorer {
  readonly #deps: PodVolumeRestoresDeps;
  readonly #context: PodVolumeRestoreContext;
  readonly #deadlineMs: number;
  readonly #started: Started[] = [];
  readonly #repositories = new Map<string, Promise<void>>();

  constructor(deps: PodVolumeRestoresDeps, context: PodVolumeRestoreContext) {
    this.#deps = deps;
    this.#context = context;
    this.#deadlineMs = deps.clock.now().getTime() + context.timeoutMs;
  }

  get #location(): string {
    return this.#context.backup.spec.storageLocation ?? "";
  }

  async preparePod(request: PodVolumeRestoreRequest): Promise<KubeObject> {
    const wanted = request.podVolumeBackups.map((pvb) => pvb.spec.volume);
    const volumes = podVolumesAmong(request.pod, wanted);
    if (volumes.length === 0) return request.pod;
    const image = await this.#deps.helperImage();
    return withRestoreWait(request.pod, image, this.#context.restore.metadata.uid ?? "", volumes);
  }

  async restorePodVolumes(request: PodVolumeRestoreRequest): Promise<void> {
    const volumes = podVolumesAmong(
      request.pod,
      request.podVolumeBackups.map((pvb) => pvb.spec.volume),
    );
    const pvbs = request.podVolumeBackups.filter((pvb) => volumes.includes(pvb.spec.volume));
    if (pvbs.length === 0) return;
    await this.#ensureRepository(request.sourceNamespace);
    for (const pvb of pvbs) {
      const pvr = newPodVolumeRestore(this.#context.restore, request.pod, pvb, {
        location: this.#location,
        sourceNamespace: request.sourceNamespace,
      });
      const created = await this.#deps.pvrs.create(pvr);
      this.#started.push({ pvr: created, claimName: claimOf(request.pod, pvb.spec.volume) });
      request.log.info("Created PodVolumeRestore", {
        podVolumeRestore: created.metadata.name ?? "",
        volume: pvb.spec.volume,
      });
    }
  }

  #ensureRepository(volumeNamespace: string): Promise<void> {
    let ensured = this.#repositories.get(volumeNamespace);
    if (ensured === undefined) {
      ensured = this.#deps.ensureRepository({ location: this.#location, volumeNamespace });
      this.#repositories.set(volumeNamespace, ensured);
    }
    return ensured;
  }

  async waitAll(signal: AbortSignal): Promise<PodVolumeRestoreResults> {
    if (this.#started.length === 0) return { errors: [], volumeInfos: [] };
    const deps = this.#deps;
    const { objects, timedOut } = await waitForFinalPhases(
      {
        list: (selector) => deps.pvrs.list(selector),
        clock: deps.clock,
        ...(deps.pollMs === undefined ? {} : { pollMs: deps.pollMs }),
      },
      {
        labelSelector: `${RESTORE_UID_LABEL}=${this.#context.restore.metadata.uid ?? ""}`,
        started: this.#started.map((s) => s.pvr),
        deadlineMs: this.#deadlineMs,
      },
      signal,
    );
    const errors = objects.flatMap((pvr) => failureOf(pvr) ?? []);
    if (timedOut) errors.unshift("timed out waiting for all PodVolumeRestores to complete");
    return {
      errors,
      volumeInfos: objects.map((pvr, i) => restoreVolumeInfoOf(pvr, this.#started[i]?.claimName)),
    };
  }
}

/** The factory the restore controller takes as `podVolumes`. */
export function podVolumeRestores(deps: PodVolumeRestoresDeps): PodVolumeRestorerFactory {
  return (context) => new PodVolumeRestores(deps, context);
}
