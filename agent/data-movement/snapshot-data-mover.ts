// The backup side of `--snapshot-move-data`: for a PVC whose CSI snapshot is ready, ensures the
// repository of (location, PVC namespace), creates the DataUpload a node-agent moves into it,
// and waits for it. Velero returns at once and waits in WaitingForPluginOperations; here the
// PVC's action waits (PVCs of one backup move one after another). Velero's finalizer also puts
// the final DataUpload into the tarball; here the restore reads the moved snapshot from the
// backup's volume info instead (see moved-data-restorer.ts).
import {
  BACKUP_NAME_LABEL,
  DATA_UPLOAD_NAME_ANNOTATION,
  formatDuration,
  operationId,
  parseDuration,
  VOLUME_SNAPSHOT_NAME_LABEL,
  type Backup,
  type DataUpload,
  type DataUploadPhase,
} from "../../lib/api/index.js";
import type { Clock } from "../../lib/clock.js";
import type { KubeObject } from "../../lib/kube/index.js";
import type { Logger } from "../../lib/log.js";
import type { SnapshotDataMover, SnapshotDataMoveRequest } from "../csi/index.js";
import type { BackupItemActionOutput } from "../item-actions/index.js";
import { identityOf } from "./object-identity.js";
import { buildDataUpload } from "./data-upload-object.js";

/** Velero's default `itemOperationTimeout`. */
export const DEFAULT_ITEM_OPERATION_TIMEOUT_MS = 4 * 60 * 60_000;

/** What the mover needs. */
export interface SnapshotDataMoverDeps {
  readonly dataUploads: {
    create(du: DataUpload): Promise<DataUpload>;
    get(name: string): Promise<DataUpload>;
  };
  /** Makes sure the repository of the target exists and is Ready. */
  readonly ensureRepository: (target: {
    readonly location: string;
    readonly volumeNamespace: string;
  }) => Promise<void>;
  readonly clock: Clock;
  /** Pause between looks at the DataUpload (default 1 s). */
  readonly pollMs?: number;
}

const finalPhases: readonly DataUploadPhase[] = ["Completed", "Failed", "Canceled"];

/** The backup's `itemOperationTimeout` in ms (Velero: unset or 0 ⇒ 4 hours). */
export function itemOperationTimeoutMs(backup: Backup): number {
  const value = backup.spec.itemOperationTimeout;
  const ms = value === undefined || value === "" ? 0 : parseDuration(value);
  return ms > 0 ? ms : DEFAULT_ITEM_OPERATION_TIMEOUT_MS;
}

/** Creates the mover; see the file comment. */
export function createSnapshotDataMover(deps: SnapshotDataMoverDeps): SnapshotDataMover {
  return { moveSnapshotData: (request) => moveSnapshotData(deps, request) };
}

async function moveSnapshotData(
  deps: SnapshotDataMoverDeps,
  request: SnapshotDataMoveRequest,
): Promise<BackupItemActionOutput> {
  const { pvc, snapshot, backup, log } = request;
  const vsName = snapshot.vs.metadata.name ?? "";
  const claim = identityOf(pvc);
  const opId = operationId("du-", identityOf(backup).uid, claim.uid);
  log.info("Starting data upload of backup", { operationID: opId, volumeSnapshot: vsName });
  await deps.ensureRepository({
    location: backup.spec.storageLocation ?? "",
    volumeNamespace: claim.namespace,
  });
  const created = await deps.dataUploads.create(
    buildDataUpload(backup, {
      pvc,
      volumeSnapshot: vsName,
      snapshotClass: snapshot.vs.spec.volumeSnapshotClassName,
      driver: snapshot.driver,
      operationId: opId,
    }),
  );
  const { name: duName, namespace: duNamespace } = identityOf(created);
  log.info("DataUpload is submitted successfully.", { dataUpload: duName });
  const final = await waitForDataUpload(deps, duName, itemOperationTimeoutMs(backup));
  reportOutcome(final, log);
  return {
    item: annotateClaim(pvc, { backup, vsName, du: `${duNamespace}/${duName}` }),
    additionalItems: [],
  };
}

async function waitForDataUpload(
  deps: SnapshotDataMoverDeps,
  name: string,
  timeoutMs: number,
): Promise<DataUpload> {
  const deadline = deps.clock.now().getTime() + timeoutMs;
  for (;;) {
    const du = await deps.dataUploads.get(name);
    if (finalPhases.includes(du.status?.phase ?? "New")) return du;
    if (deps.clock.now().getTime() >= deadline) {
      const phase = du.status?.phase ?? "New";
      return {
        ...du,
        status: {
          ...du.status,
          phase: "Failed",
          message: `timed out after ${formatDuration(timeoutMs)} waiting for the DataUpload (last phase ${phase})`,
        },
      };
    }
    await deps.clock.sleep(deps.pollMs ?? 1000);
  }
}

function reportOutcome(du: DataUpload, log: Logger): void {
  const status = du.status ?? {};
  const name = du.metadata.name ?? "";
  if (status.phase === "Completed") {
    log.info(`DataUpload ${name} completed`, {
      snapshotID: status.snapshotID ?? "",
      totalBytes: status.progress?.totalBytes ?? 0,
    });
    return;
  }
  log.error(
    `DataUpload ${name} of PVC ${du.spec.sourceNamespace}/${du.spec.sourcePVC} ended ${status.phase ?? ""}: ${status.message ?? ""}`,
  );
}

/** The PVC labelled and annotated as Velero leaves a PVC whose data was moved. */
function annotateClaim(
  pvc: KubeObject,
  names: { readonly backup: Backup; readonly vsName: string; readonly du: string },
): KubeObject {
  const metadata = (pvc.metadata ??= {});
  metadata.labels = {
    ...metadata.labels,
    [VOLUME_SNAPSHOT_NAME_LABEL]: names.vsName,
    [BACKUP_NAME_LABEL]: names.backup.metadata.name ?? "",
  };
  metadata.annotations = {
    ...metadata.annotations,
    [VOLUME_SNAPSHOT_NAME_LABEL]: names.vsName,
    [DATA_UPLOAD_NAME_ANNOTATION]: names.du,
  };
  return pvc;
}
