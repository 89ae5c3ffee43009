// Taking one CSI snapshot of a PVC for a backup (a VolumeSnapshot, waited on until it and its
// content are ready) and letting go of it afterwards the way Velero does: a ready snapshot's
// objects are removed with the content set to Retain, so the storage snapshot outlives them;
// a failed one is removed with the content set to Delete, so nothing is left behind.
import {
  BACKUP_NAME_LABEL,
  formatDuration,
  getValidLabelValue,
  SNAPSHOT_API_VERSION,
  type Backup,
  type SnapshotDeletionPolicy,
  type VolumeSnapshot,
  type VolumeSnapshotClass,
  type VolumeSnapshotContent,
  quantityBytes,
} from "../../lib/api/index.js";
import type { Clock } from "../../lib/clock.js";
import { errorMessage } from "../../lib/errors.js";
import type { KubeObject } from "../../lib/kube/index.js";
import type { Logger } from "../../lib/log.js";
import type { CsiApi } from "./csi-api.js";
import { SnapshotNotReadyError } from "./errors.js";

/** What taking snapshots needs. */
export interface CsiSnapshotDeps {
  readonly api: CsiApi;
  readonly clock: Clock;
  /** How often readiness is checked (default 1 s; Velero polls every 5 s). */
  readonly pollMs?: number;
}

/** One snapshot to take. */
export interface CsiSnapshotRequest {
  /** The PVC (namespace, name and labels are used). */
  readonly pvc: KubeObject;
  readonly backup: Backup;
  readonly snapshotClass: VolumeSnapshotClass;
  /** The backup's `csiSnapshotTimeout`. */
  readonly timeoutMs: number;
  readonly log: Logger;
  readonly signal?: AbortSignal;
}

/** A ready snapshot: its objects as the API has them now, and what a restore needs. */
export interface CsiSnapshot {
  readonly vs: VolumeSnapshot;
  readonly vsc: VolumeSnapshotContent;
  /** The storage snapshot (`vsc.status.snapshotHandle`). */
  readonly handle: string;
  readonly driver: string;
  /** `vs.status.restoreSize` in bytes (0 when the driver reports none). */
  readonly sizeBytes: number;
}

/**
 * Creates a VolumeSnapshot of `request.pvc` (name `velero-<pvc>-<random>`, the PVC's labels plus
 * `velero.io/backup-name`, the chosen class) and waits until it is ready to use and its bound
 * content has a snapshot handle. When that does not happen within the timeout, the snapshot is
 * removed (content set to Delete first) and {@link SnapshotNotReadyError} names the PVC and the
 * errors the controller reported. Contract: never leaves a half-made snapshot behind on failure.
 */
export async function takeCsiSnapshot(
  deps: CsiSnapshotDeps,
  request: CsiSnapshotRequest,
): Promise<CsiSnapshot> {
  const created = await createSnapshot(deps.api, request);
  const namespace = created.metadata.namespace ?? "";
  const name = created.metadata.name ?? "";
  const { log } = request;
  log.info(`Created VolumeSnapshot ${namespace}/${name}`);
  try {
    return await waitUntilReady(deps, { namespace, name, request });
  } catch (error) {
    await cleanUpFailedSnapshot(deps.api, { namespace, name, log });
    if (request.signal?.aborted === true) throw error;
    throw new SnapshotNotReadyError(
      `CSI snapshot of PVC ${namespace}/${request.pvc.metadata?.name ?? ""} failed: ${errorMessage(error)}`,
      { cause: error },
    );
  }
}

function createSnapshot(api: CsiApi, request: CsiSnapshotRequest): Promise<VolumeSnapshot> {
  const { pvc, backup } = request;
  const claim = pvc.metadata?.name ?? "";
  return api.snapshots.create({
    apiVersion: SNAPSHOT_API_VERSION,
    kind: "VolumeSnapshot",
    metadata: {
      generateName: `velero-${claim}-`,
      namespace: pvc.metadata?.namespace ?? "",
      labels: {
        ...pvc.metadata?.labels,
        [BACKUP_NAME_LABEL]: getValidLabelValue(backup.metadata.name ?? ""),
      },
    },
    spec: {
      source: { persistentVolumeClaimName: claim },
      volumeSnapshotClassName: request.snapshotClass.metadata.name ?? "",
    },
  });
}

interface Waiting {
  readonly namespace: string;
  readonly name: string;
  readonly request: CsiSnapshotRequest;
}

async function waitUntilReady(deps: CsiSnapshotDeps, waiting: Waiting): Promise<CsiSnapshot> {
  const { namespace, name, request } = waiting;
  const deadline = deps.clock.now().getTime() + request.timeoutMs;
  const errors = new Set<string>();
  for (;;) {
    const ready = await readySnapshot(deps.api, waiting, errors);
    if (ready !== undefined) return ready;
    if (deps.clock.now().getTime() >= deadline) {
      const reported = errors.size === 0 ? "" : `, errors: [${[...errors].join(", ")}]`;
      throw new Error(
        `VolumeSnapshot ${namespace}/${name} was not ready to use within ${formatDuration(request.timeoutMs)}${reported}`,
      );
    }
    request.log.info(
      `Waiting for CSI driver to reconcile volumesnapshot ${namespace}/${name}. Retrying in ${String((deps.pollMs ?? 1000) / 1000)}s`,
    );
    await deps.clock.sleep(deps.pollMs ?? 1000, request.signal);
  }
}

function noteError(errors: Set<string>, message: string | undefined): void {
  if (message !== undefined) errors.add(message);
}

/** The name of the content a ready snapshot is bound to, or undefined while it is not ready. */
async function readyContentName(
  api: CsiApi,
  waiting: Waiting,
  errors: Set<string>,
): Promise<{ vs: VolumeSnapshot; contentName: string } | undefined> {
  const vs = await api.snapshots.get(waiting.namespace, waiting.name);
  if (vs === undefined) {
    throw new Error(`VolumeSnapshot ${waiting.namespace}/${waiting.name} is gone`);
  }
  const status = vs.status ?? {};
  noteError(errors, status.error?.message);
  const contentName = status.boundVolumeSnapshotContentName;
  return contentName === undefined || status.readyToUse !== true ? undefined : { vs, contentName };
}

async function readySnapshot(
  api: CsiApi,
  waiting: Waiting,
  errors: Set<string>,
): Promise<CsiSnapshot | undefined> {
  const bound = await readyContentName(api, waiting, errors);
  if (bound === undefined) return undefined;
  const { vs, contentName } = bound;
  const vsc = await api.contents.get("", contentName);
  const status = vsc?.status ?? {};
  noteError(errors, status.error?.message);
  const handle = status.snapshotHandle;
  if (vsc === undefined || handle === undefined) return undefined;
  waiting.request.log.info(
    `VolumeSnapshot ${waiting.namespace}/${waiting.name} is ready to use with content ${contentName} (snapshot handle ${handle})`,
  );
  const size = quantityBytes(vs.status?.restoreSize ?? status.restoreSize);
  return { vs, vsc, handle, driver: vsc.spec.driver, sizeBytes: size };
}

/** Which snapshot to remove. */
export interface SnapshotRef {
  readonly namespace: string;
  readonly name: string;
  readonly log: Logger;
}

async function setDeletionPolicy(
  api: CsiApi,
  contentName: string,
  policy: SnapshotDeletionPolicy,
): Promise<void> {
  await api.contents.patch("", contentName, { spec: { deletionPolicy: policy } });
}

/** Velero's CleanupVolumeSnapshot: content to Delete, then the snapshot (errors only logged). */
export async function cleanUpFailedSnapshot(api: CsiApi, ref: SnapshotRef): Promise<void> {
  try {
    const vs = await api.snapshots.get(ref.namespace, ref.name);
    if (vs === undefined) return;
    const content = vs.status?.boundVolumeSnapshotContentName;
    if (content !== undefined) await setDeletionPolicy(api, content, "Delete");
    await api.snapshots.delete(ref.namespace, ref.name);
    ref.log.info(`Deleted volumesnapshot ${ref.namespace}/${ref.name}`);
  } catch (error) {
    ref.log.warn(`Failed to clean up VolumeSnapshot ${ref.namespace}/${ref.name}`, {
      error: errorMessage(error),
    });
  }
}

/**
 * Velero's DeleteReadyVolumeSnapshot: the bound content is set to Retain and deleted, then the
 * snapshot is deleted; the storage snapshot stays (the backup's deletion removes it). Failures
 * are logged as warnings.
 */
export async function releaseReadySnapshot(
  api: CsiApi,
  vs: VolumeSnapshot,
  log: Logger,
): Promise<void> {
  const namespace = vs.metadata.namespace ?? "";
  const name = vs.metadata.name ?? "";
  const content = vs.status?.boundVolumeSnapshotContentName;
  log.info(`Deleting Volumesnapshot ${namespace}/${name}`);
  try {
    if (content !== undefined) {
      await setDeletionPolicy(api, content, "Retain");
      await api.contents.delete("", content);
    }
    await api.snapshots.delete(namespace, name);
    log.info(
      `Deleted VolumeSnapshot ${namespace}/${name} and VolumeSnapshotContent ${content ?? ""}`,
    );
  } catch (error) {
    log.warn(`Failed to delete VolumeSnapshot ${namespace}/${name}`, {
      error: errorMessage(error),
    });
  }
}
