// Velero's CSI restore item actions for the backed-up snapshot objects: the VolumeSnapshot and
// its content come back pre-provisioned (the content points at the storage snapshot by handle,
// policy Retain), under one new name derived from the restore's UID and the snapshot's name so
// that the PVC action, the snapshot and the content agree on it; the class comes back as is.
import { createHash } from "node:crypto";
import {
  CSI_VSC_DELETION_POLICY_ANNOTATION,
  SNAPSHOTTER_LIST_SECRET_NAME_ANNOTATION,
  SNAPSHOTTER_LIST_SECRET_NAMESPACE_ANNOTATION,
  SNAPSHOTTER_SECRET_NAME_ANNOTATION,
  SNAPSHOTTER_SECRET_NAMESPACE_ANNOTATION,
  VOLUME_SNAPSHOT_CLASSES_RESOURCE,
  VOLUME_SNAPSHOT_CONTENTS_RESOURCE,
  VOLUME_SNAPSHOTS_RESOURCE,
  type ObjectReference,
  type Restore,
  type VolumeSnapshot,
  type VolumeSnapshotContent,
} from "../../lib/api/index.js";
import type { KubeObject } from "../../lib/kube/index.js";
import type {
  RestoreItemAction,
  RestoreItemActionInput,
  RestoreItemActionOutput,
  ResourceIdentifier,
} from "../restore-actions/index.js";
import type { CsiApi } from "./csi-api.js";
import { IncompleteSnapshotError } from "./errors.js";

/**
 * Velero's GenerateSha256FromRestoreUIDAndVsName: the hex SHA-256 of `<restoreUID>/<vsName>`,
 * the name a restore gives a backed-up VolumeSnapshot and its content.
 */
export function restoredSnapshotName(restoreUid: string, vsName: string): string {
  return createHash("sha256").update(`${restoreUid}/${vsName}`).digest("hex");
}

/** True when the restore asked not to restore volumes (`restorePVs: false`). */
export function skipsVolumes(restore: Restore): boolean {
  return restore.spec.restorePVs === false;
}

const skip: RestoreItemActionOutput = { item: {}, skipRestore: true };

/** velero.io/csi-volumesnapshot-restorer. */
export const volumeSnapshotRestoreAction: RestoreItemAction = {
  name: "velero.io/csi-volumesnapshot-restorer",
  appliesTo: () => ({ includedResources: [VOLUME_SNAPSHOTS_RESOURCE] }),
  execute: (input) =>
    new Promise((resolve) => {
      resolve(restoreVolumeSnapshot(input));
    }),
};

function restoreVolumeSnapshot(input: RestoreItemActionInput): RestoreItemActionOutput {
  if (skipsVolumes(input.restore)) {
    input.log.info("Restore did not request for PVs to be restored.");
    return skip;
  }
  const fromBackup = input.itemFromBackup as unknown as VolumeSnapshot;
  const backedUpName = fromBackup.metadata.name ?? "";
  const contentName = fromBackup.status?.boundVolumeSnapshotContentName;
  if (contentName === undefined || contentName === "") {
    throw new IncompleteSnapshotError(`VS ${backedUpName} doesn't have bound VSC`);
  }
  const name = restoredSnapshotName(input.restore.metadata.uid ?? "", backedUpName);
  const vs = input.item as unknown as VolumeSnapshot;
  vs.metadata.name = name;
  vs.metadata.annotations = {
    ...vs.metadata.annotations,
    [CSI_VSC_DELETION_POLICY_ANNOTATION]: "Retain",
  };
  vs.spec = { source: { volumeSnapshotContentName: name } };
  input.log.info(
    "Returning from VolumeSnapshotRestoreItemAction with VolumeSnapshotContent in additionalItems",
  );
  return {
    item: input.item,
    additionalItems: [{ groupResource: VOLUME_SNAPSHOT_CONTENTS_RESOURCE, name: contentName }],
  };
}

function secretOf(
  item: KubeObject,
  keys: { readonly name: string; readonly namespace: string },
): ResourceIdentifier[] {
  const annotations = item.metadata?.annotations ?? {};
  const name = annotations[keys.name];
  const namespace = annotations[keys.namespace];
  return name === undefined || namespace === undefined
    ? []
    : [{ groupResource: "secrets", namespace, name }];
}

/** velero.io/csi-volumesnapshotcontent-restorer (needs the cluster's snapshot classes). */
export function createVolumeSnapshotContentRestoreAction(api: CsiApi): RestoreItemAction {
  return {
    name: "velero.io/csi-volumesnapshotcontent-restorer",
    appliesTo: () => ({ includedResources: [VOLUME_SNAPSHOT_CONTENTS_RESOURCE] }),
    execute: (input) => restoreContent(api, input),
  };
}

/** The content's reference to its snapshot, renamed and remapped for the restore. */
function restoredSnapshotRef(
  vsc: VolumeSnapshotContent,
  fromBackup: VolumeSnapshotContent,
  restore: Restore,
): ObjectReference {
  const ref = { ...vsc.spec.volumeSnapshotRef };
  const mapped = restore.spec.namespaceMapping?.[ref.namespace ?? ""];
  if (mapped !== undefined) ref.namespace = mapped;
  delete ref.resourceVersion;
  delete ref.uid;
  ref.name = restoredSnapshotName(
    restore.metadata.uid ?? "",
    fromBackup.spec.volumeSnapshotRef.name ?? "",
  );
  return ref;
}

async function restoreContent(
  api: CsiApi,
  input: RestoreItemActionInput,
): Promise<RestoreItemActionOutput> {
  if (skipsVolumes(input.restore)) {
    input.log.info("Restore did not request for PVs to be restored");
    return skip;
  }
  const fromBackup = input.itemFromBackup as unknown as VolumeSnapshotContent;
  const vsc = input.item as unknown as VolumeSnapshotContent;
  const handle = fromBackup.status?.snapshotHandle ?? "";
  if (handle === "") {
    throw new IncompleteSnapshotError(
      `fail to get snapshot handle from VSC ${fromBackup.metadata.name ?? ""} status`,
    );
  }
  const ref = restoredSnapshotRef(vsc, fromBackup, input.restore);
  const { volumeSnapshotClassName: _class, ...spec } = vsc.spec;
  const sameDriver = (await api.classes.list()).find((c) => c.driver === vsc.spec.driver);
  vsc.metadata.name = ref.name;
  vsc.spec = {
    ...spec,
    deletionPolicy: "Retain",
    source: { snapshotHandle: handle },
    volumeSnapshotRef: ref,
    ...(sameDriver === undefined ? {} : { volumeSnapshotClassName: sameDriver.metadata.name }),
  };
  const additionalItems = secretOf(input.item, {
    name: SNAPSHOTTER_SECRET_NAME_ANNOTATION,
    namespace: SNAPSHOTTER_SECRET_NAMESPACE_ANNOTATION,
  });
  return { item: input.item, additionalItems };
}

/** velero.io/csi-volumesnapshotclass-restorer. */
export const volumeSnapshotClassRestoreAction: RestoreItemAction = {
  name: "velero.io/csi-volumesnapshotclass-restorer",
  appliesTo: () => ({ includedResources: [VOLUME_SNAPSHOT_CLASSES_RESOURCE] }),
  execute: (input) =>
    Promise.resolve(
      skipsVolumes(input.restore)
        ? skip
        : {
            item: input.item,
            additionalItems: secretOf(input.item, {
              name: SNAPSHOTTER_LIST_SECRET_NAME_ANNOTATION,
              namespace: SNAPSHOTTER_LIST_SECRET_NAMESPACE_ANNOTATION,
            }),
          },
    ),
};
