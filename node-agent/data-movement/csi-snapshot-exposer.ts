// Exposes a DataUpload's CSI snapshot on this node as Velero's CSI snapshot exposer does: the
// snapshot is taken over by a VolumeSnapshot/Content pair named after the DataUpload in the
// Velero namespace (the original content retained, then the original pair deleted), a claim is
// provisioned from it there, and a hosting pod on this node mounts that claim. Clean-up deletes
// the pod, the claim and the VolumeSnapshot, whose content (Delete policy) takes the snapshot
// data with it.
import {
  DATA_UPLOAD_LABEL,
  formatDuration,
  parseDuration,
  type DataUpload,
} from "../../lib/api/index.js";
import type { Clock } from "../../lib/clock.js";
import { AlreadyExistsError, getOrUndefined } from "../../lib/kube/index.js";
import {
  deleteIfExists,
  type ClaimObject,
  type DataMoverClients,
  type VolumeSnapshotContentObject,
  type VolumeSnapshotObject,
} from "./cluster-objects.js";
import { buildHostingPod, DataMoverExposeError } from "./hosting-pod.js";

const SNAPSHOT_API_GROUP = "snapshot.storage.k8s.io";

/** What the exposer needs. */
export interface CsiSnapshotExposerDeps {
  readonly clients: DataMoverClients;
  /** The Velero namespace, where the exposed objects live. */
  readonly namespace: string;
  readonly nodeName: string;
  readonly clock: Clock;
  readonly image: () => Promise<string>;
  readonly pollMs?: number;
}

/** The snapshot as found when exposing it. */
export interface ExposedSnapshot {
  readonly snapshotHandle: string;
  readonly restoreSize: string;
}

async function createOrKeep<T>(create: () => Promise<T>): Promise<void> {
  try {
    await create();
  } catch (error) {
    if (!(error instanceof AlreadyExistsError)) throw error;
  }
}

/** See the file comment. Object names are the DataUpload's name. */
export class CsiSnapshotExposer {
  readonly #deps: CsiSnapshotExposerDeps;

  constructor(deps: CsiSnapshotExposerDeps) {
    this.#deps = deps;
  }

  /** Creates the exposed objects; idempotent for a DataUpload exposed before. */
  async expose(du: DataUpload, signal: AbortSignal): Promise<ExposedSnapshot> {
    const name = du.metadata.name ?? "";
    const timeoutMs = du.spec.operationTimeout;
    const vs = await this.#readySnapshot(du, timeoutMs, signal);
    const vsc = await this.#contentOf(vs);
    const snapshotHandle = snapshotHandleOf(vsc);
    const backupVs = await this.#createBackupSnapshot(name, vs);
    await this.#createBackupContent(name, { vsc, backupVs, snapshotHandle });
    await this.#retireOriginal(vs, vsc, signal);
    const restoreSize = vs.status?.restoreSize ?? (await this.#sourceSize(du));
    await this.#createClaim(du, restoreSize);
    await this.#createPod(du);
    return { snapshotHandle, restoreSize };
  }

  async #createPod(du: DataUpload): Promise<void> {
    const name = du.metadata.name ?? "";
    const pod = buildHostingPod({
      name,
      namespace: this.#deps.namespace,
      nodeName: this.#deps.nodeName,
      claimName: name,
      volumeName: du.metadata.uid ?? name,
      image: await this.#deps.image(),
      labels: { [DATA_UPLOAD_LABEL]: name },
    });
    await createOrKeep(() =>
      this.#deps.clients.pods.create(pod, { namespace: this.#deps.namespace }),
    );
  }

  /**
   * Deletes what {@link expose} created (pod, claim, VolumeSnapshot; its content and data go
   * with it) and the original VolumeSnapshot if it is still there. Never throws for a missing
   * object.
   */
  async cleanUp(du: DataUpload): Promise<void> {
    const name = du.metadata.name ?? "";
    const { clients, namespace } = this.#deps;
    await deleteIfExists(clients.pods, name, namespace);
    await deleteIfExists(clients.claims, name, namespace);
    await deleteIfExists(clients.snapshots, name, namespace);
    const original = du.spec.csiSnapshot?.volumeSnapshot;
    if (original !== undefined && original !== "") {
      await deleteIfExists(clients.snapshots, original, du.spec.sourceNamespace);
    }
  }

  async #readySnapshot(
    du: DataUpload,
    timeoutMs: string | undefined,
    signal: AbortSignal,
  ): Promise<VolumeSnapshotObject> {
    const vsName = du.spec.csiSnapshot?.volumeSnapshot ?? "";
    const namespace = du.spec.sourceNamespace;
    const limitMs = operationTimeoutMs(timeoutMs);
    const deadline = this.#deps.clock.now().getTime() + limitMs;
    for (;;) {
      const vs = await getOrUndefined(() => this.#deps.clients.snapshots.get(vsName, namespace));
      if (isSnapshotReady(vs, `${namespace}/${vsName}`)) return vs;
      if (this.#deps.clock.now().getTime() >= deadline) {
        throw new DataMoverExposeError(
          `timed out after ${formatDuration(limitMs)} waiting for VolumeSnapshot ${namespace}/${vsName} to be ready`,
        );
      }
      await this.#deps.clock.sleep(this.#deps.pollMs ?? 500, signal);
    }
  }

  async #contentOf(vs: VolumeSnapshotObject): Promise<VolumeSnapshotContentObject> {
    const name = vs.status?.boundVolumeSnapshotContentName ?? "";
    const vsc =
      name === ""
        ? undefined
        : await getOrUndefined(() => this.#deps.clients.snapshotContents.get(name));
    if (vsc === undefined) {
      throw new DataMoverExposeError(
        `VolumeSnapshot ${vs.metadata?.namespace ?? ""}/${vs.metadata?.name ?? ""} has no bound VolumeSnapshotContent`,
      );
    }
    return vsc;
  }

  async #createBackupSnapshot(
    name: string,
    vs: VolumeSnapshotObject,
  ): Promise<VolumeSnapshotObject> {
    const { clients, namespace } = this.#deps;
    const backupVs: VolumeSnapshotObject = {
      apiVersion: `${SNAPSHOT_API_GROUP}/v1`,
      kind: "VolumeSnapshot",
      metadata: { name, namespace, ...withAnnotations(vs.metadata?.annotations) },
      spec: {
        source: { volumeSnapshotContentName: name },
        ...optionalClass(vs.spec?.volumeSnapshotClassName),
      },
    };
    await createOrKeep(() => clients.snapshots.create(backupVs, { namespace }));
    return clients.snapshots.get(name, namespace);
  }

  async #createBackupContent(
    name: string,
    from: {
      vsc: VolumeSnapshotContentObject;
      backupVs: VolumeSnapshotObject;
      snapshotHandle: string;
    },
  ): Promise<void> {
    const { vsc, backupVs, snapshotHandle } = from;
    const content: VolumeSnapshotContentObject = {
      apiVersion: `${SNAPSHOT_API_GROUP}/v1`,
      kind: "VolumeSnapshotContent",
      metadata: { name, ...withAnnotations(vsc.metadata?.annotations) },
      spec: {
        volumeSnapshotRef: {
          name: backupVs.metadata?.name ?? name,
          namespace: this.#deps.namespace,
          ...(backupVs.metadata?.uid === undefined ? {} : { uid: backupVs.metadata.uid }),
        },
        source: { snapshotHandle },
        deletionPolicy: "Delete",
        driver: vsc.spec?.driver ?? "",
        ...optionalClass(vsc.spec?.volumeSnapshotClassName),
      },
    };
    await createOrKeep(() => this.#deps.clients.snapshotContents.create(content));
  }

  /** Keeps the snapshot data while the original VolumeSnapshot and its content are deleted. */
  async #retireOriginal(
    vs: VolumeSnapshotObject,
    vsc: VolumeSnapshotContentObject,
    signal: AbortSignal,
  ): Promise<void> {
    const { clients } = this.#deps;
    const vscName = vsc.metadata?.name ?? "";
    if (vsc.spec?.deletionPolicy !== "Retain") {
      await clients.snapshotContents.patch(vscName, { spec: { deletionPolicy: "Retain" } });
    }
    const vsName = vs.metadata?.name ?? "";
    const vsNamespace = vs.metadata?.namespace ?? "";
    await deleteIfExists(clients.snapshots, vsName, vsNamespace);
    await this.#waitGone(
      () => clients.snapshots.get(vsName, vsNamespace),
      `VolumeSnapshot ${vsNamespace}/${vsName}`,
      signal,
    );
    await deleteIfExists(clients.snapshotContents, vscName);
    await this.#waitGone(
      () => clients.snapshotContents.get(vscName),
      `VolumeSnapshotContent ${vscName}`,
      signal,
    );
  }

  async #waitGone(get: () => Promise<unknown>, what: string, signal: AbortSignal): Promise<void> {
    const deadline = this.#deps.clock.now().getTime() + 60_000;
    while ((await getOrUndefined(get)) !== undefined) {
      if (this.#deps.clock.now().getTime() >= deadline) {
        throw new DataMoverExposeError(`timed out waiting for ${what} to be deleted`);
      }
      await this.#deps.clock.sleep(this.#deps.pollMs ?? 500, signal);
    }
  }

  async #sourceSize(du: DataUpload): Promise<string> {
    const claim = await getOrUndefined(() =>
      this.#deps.clients.claims.get(du.spec.sourcePVC, du.spec.sourceNamespace),
    );
    return claim?.spec?.resources?.requests?.["storage"] ?? "1Gi";
  }

  async #createClaim(du: DataUpload, size: string): Promise<void> {
    const name = du.metadata.name ?? "";
    const source = { apiGroup: SNAPSHOT_API_GROUP, kind: "VolumeSnapshot", name };
    const claim: ClaimObject = {
      apiVersion: "v1",
      kind: "PersistentVolumeClaim",
      metadata: { name, namespace: this.#deps.namespace, labels: { [DATA_UPLOAD_LABEL]: name } },
      spec: {
        accessModes: ["ReadWriteOnce"],
        ...(du.spec.csiSnapshot?.storageClass === undefined ||
        du.spec.csiSnapshot.storageClass === ""
          ? {}
          : { storageClassName: du.spec.csiSnapshot.storageClass }),
        resources: { requests: { storage: size } },
        dataSource: source,
        dataSourceRef: source,
      },
    };
    await createOrKeep(() =>
      this.#deps.clients.claims.create(claim, { namespace: this.#deps.namespace }),
    );
  }
}

function snapshotHandleOf(vsc: VolumeSnapshotContentObject): string {
  const handle = vsc.status?.snapshotHandle ?? vsc.spec?.source?.snapshotHandle ?? "";
  if (handle === "") {
    throw new DataMoverExposeError(
      `VolumeSnapshotContent ${vsc.metadata?.name ?? ""} has no snapshot handle`,
    );
  }
  return handle;
}

/** True when `vs` is ready to use; throws when it is missing or reports an error. */
function isSnapshotReady(
  vs: VolumeSnapshotObject | undefined,
  where: string,
): vs is VolumeSnapshotObject {
  if (vs === undefined) throw new DataMoverExposeError(`VolumeSnapshot ${where} not found`);
  const error = vs.status?.error?.message;
  if (error !== undefined) {
    throw new DataMoverExposeError(`VolumeSnapshot ${where} failed: ${error}`);
  }
  return vs.status?.readyToUse === true;
}

function withAnnotations(annotations: Record<string, string> | undefined) {
  return annotations === undefined ? {} : { annotations };
}

function optionalClass(name: string | undefined): { volumeSnapshotClassName?: string } {
  return name === undefined || name === "" ? {} : { volumeSnapshotClassName: name };
}

/** The operation timeout in ms; Velero's 10 min when unset or unreadable. */
export function operationTimeoutMs(duration: string | undefined): number {
  try {
    const ms = parseDuration(duration ?? "");
    return ms > 0 ? ms : 10 * 60_000;
  } catch {
    return 10 * 60_000;
  }
}
