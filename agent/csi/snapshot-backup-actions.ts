// Velero's CSI backup item actions for the snapshot objects a PVC's snapshot brings along:
// the VolumeSnapshot (annotated with what a restore needs, pulling in its content and class),
// the VolumeSnapshotContent and the VolumeSnapshotClass (pulling in their secrets).
import {
  BACKUP_NAME_LABEL,
  CSI_DRIVER_NAME_ANNOTATION,
  CSI_SNAPSHOT_HANDLE_ANNOTATION,
  CSI_SNAPSHOT_RESTORE_SIZE_ANNOTATION,
  CSI_VOLUME_GROUP_SNAPSHOT_HANDLE_ANNOTATION,
  CSI_VSC_DELETION_POLICY_ANNOTATION,
  getValidLabelValue,
  MUST_INCLUDE_ADDITIONAL_ITEMS_ANNOTATION,
  SNAPSHOTTER_LIST_SECRET_NAME_ANNOTATION,
  SNAPSHOTTER_LIST_SECRET_NAMESPACE_ANNOTATION,
  SNAPSHOTTER_SECRET_NAME_ANNOTATION,
  SNAPSHOTTER_SECRET_NAMESPACE_ANNOTATION,
  VOLUME_SNAPSHOT_CLASSES_RESOURCE,
  VOLUME_SNAPSHOT_CONTENTS_RESOURCE,
  VOLUME_SNAPSHOTS_RESOURCE,
  type VolumeSnapshot,
  type VolumeSnapshotContent,
  binaryQuantity,
} from "../../lib/api/index.js";
import { errorMessage } from "../../lib/errors.js";
import type { KubeObject } from "../../lib/kube/index.js";
import type { Logger } from "../../lib/log.js";
import type {
  BackupItemAction,
  BackupItemActionInput,
  BackupItemActionOutput,
  ResourceIdentifier,
} from "../item-actions/index.js";
import type { CsiApi } from "./csi-api.js";
import { cleanUpFailedSnapshot } from "./csi-snapshot.js";
import { IncompleteSnapshotError } from "./errors.js";

function annotate(item: KubeObject, annotations: Record<string, string>): void {
  const metadata = (item.metadata ??= {});
  metadata.annotations = { ...metadata.annotations, ...annotations };
}

/** The annotations Velero records on a backed-up VolumeSnapshot from its content. */
export function snapshotAnnotations(vsc: VolumeSnapshotContent): Record<string, string> {
  const annotations: Record<string, string> = {
    [CSI_VSC_DELETION_POLICY_ANNOTATION]: vsc.spec.deletionPolicy,
  };
  const status = vsc.status;
  if (status?.snapshotHandle !== undefined) {
    annotations[CSI_SNAPSHOT_HANDLE_ANNOTATION] = status.snapshotHandle;
    annotations[CSI_DRIVER_NAME_ANNOTATION] = vsc.spec.driver;
  }
  if (status?.restoreSize !== undefined) {
    annotations[CSI_SNAPSHOT_RESTORE_SIZE_ANNOTATION] = binaryQuantity(status.restoreSize);
  }
  if (status?.volumeGroupSnapshotHandle !== undefined) {
    annotations[CSI_VOLUME_GROUP_SNAPSHOT_HANDLE_ANNOTATION] = status.volumeGroupSnapshotHandle;
  }
  return annotations;
}

/** velero.io/csi-volumesnapshot-backupper. */
export function createVolumeSnapshotBackupAction(api: CsiApi): BackupItemAction {
  return {
    name: "velero.io/csi-volumesnapshot-backupper",
    appliesTo: () => ({ includedResources: [VOLUME_SNAPSHOTS_RESOURCE] }),
    execute: (input) => backUpVolumeSnapshot(api, input),
  };
}

async function boundContent(
  api: CsiApi,
  vs: VolumeSnapshot,
  log: Logger,
): Promise<VolumeSnapshotContent> {
  const namespace = vs.metadata.namespace ?? "";
  const name = vs.metadata.name ?? "";
  const contentName = vs.status?.boundVolumeSnapshotContentName;
  const vsc = contentName === undefined ? undefined : await api.contents.get("", contentName);
  if (vsc !== undefined) return vsc;
  await cleanUpFailedSnapshot(api, { namespace, name, log });
  throw new IncompleteSnapshotError(
    `error getting volume snapshot content of volume snapshot ${namespace}/${name}`,
  );
}

async function labelContent(
  api: CsiApi,
  vsc: VolumeSnapshotContent,
  input: BackupItemActionInput,
): Promise<void> {
  const name = vsc.metadata.name ?? "";
  input.log.info(`Patching VolumeSnapshotContent ${name} with velero BackupNameLabel`);
  const label = getValidLabelValue(input.backup.metadata.name ?? "");
  try {
    await api.contents.patch("", name, { metadata: { labels: { [BACKUP_NAME_LABEL]: label } } });
  } catch (error) {
    input.log.warn(`Failed to patch VolumeSnapshotContent ${name}: ${errorMessage(error)}`);
  }
}

async function backUpVolumeSnapshot(
  api: CsiApi,
  input: BackupItemActionInput,
): Promise<BackupItemActionOutput> {
  const { log } = input;
  const vs = input.item as unknown as VolumeSnapshot;
  log.info("Executing VolumeSnapshotBackupItemAction");
  const additionalItems: ResourceIdentifier[] = [];
  const className = vs.spec.volumeSnapshotClassName ?? "";
  if (className !== "") {
    additionalItems.push({ groupResource: VOLUME_SNAPSHOT_CLASSES_RESOURCE, name: className });
  }
  const vsc = await boundContent(api, vs, log);
  additionalItems.push({
    groupResource: VOLUME_SNAPSHOT_CONTENTS_RESOURCE,
    name: vsc.metadata.name ?? "",
  });
  const annotations = snapshotAnnotations(vsc);
  await labelContent(api, vsc, input);
  await api.snapshots.patch(vs.metadata.namespace ?? "", vs.metadata.name ?? "", {
    metadata: { annotations },
  });
  annotate(input.item, { ...annotations, [MUST_INCLUDE_ADDITIONAL_ITEMS_ANNOTATION]: "true" });
  log.info(
    `Returning from VolumeSnapshotBackupItemAction with ${String(additionalItems.length)} additionalItems to backup`,
  );
  return { item: input.item, additionalItems };
}

/** The secret an object's annotations name, as an additional item (must-include set). */
function secretFrom(
  item: KubeObject,
  keys: { readonly name: string; readonly namespace: string },
): ResourceIdentifier[] {
  const annotations = item.metadata?.annotations ?? {};
  const name = annotations[keys.name];
  const namespace = annotations[keys.namespace];
  if (name === undefined || namespace === undefined) return [];
  annotate(item, { [MUST_INCLUDE_ADDITIONAL_ITEMS_ANNOTATION]: "true" });
  return [{ groupResource: "secrets", namespace, name }];
}

/** velero.io/csi-volumesnapshotcontent-backupper: the snapshot deletion secret comes along. */
export const volumeSnapshotContentBackupAction: BackupItemAction = {
  name: "velero.io/csi-volumesnapshotcontent-backupper",
  appliesTo: () => ({ includedResources: [VOLUME_SNAPSHOT_CONTENTS_RESOURCE] }),
  execute: (input) =>
    Promise.resolve({
      item: input.item,
      additionalItems: secretFrom(input.item, {
        name: SNAPSHOTTER_SECRET_NAME_ANNOTATION,
        namespace: SNAPSHOTTER_SECRET_NAMESPACE_ANNOTATION,
      }),
    }),
};

/** velero.io/csi-volumesnapshotclass-backupper: the snapshot lister secret comes along. */
export const volumeSnapshotClassBackupAction: BackupItemAction = {
  name: "velero.io/csi-volumesnapshotclass-backupper",
  appliesTo: () => ({ includedResources: [VOLUME_SNAPSHOT_CLASSES_RESOURCE] }),
  execute: (input) =>
    Promise.resolve({
      item: input.item,
      additionalItems: secretFrom(input.item, {
        name: SNAPSHOTTER_LIST_SECRET_NAME_ANNOTATION,
        namespace: SNAPSHOTTER_LIST_SECRET_NAMESPACE_ANNOTATION,
      }),
    }),
};
