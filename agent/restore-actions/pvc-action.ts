// velero.io/pvc: a restored PersistentVolumeClaim loses the binding and provisioning annotations
// of the old cluster; a claim that was bound brings its PersistentVolume along.
import { deleteKeys, fieldsAt, stringAt } from "./object-fields.js";
import {
  syncExecute,
  type RestoreItemAction,
  type ResourceIdentifier,
} from "./restore-item-action.js";

/** Annotations removed from restored claims. */
export const pvcAnnotationsRemoved = [
  "pv.kubernetes.io/bind-completed",
  "pv.kubernetes.io/bound-by-controller",
  "volume.kubernetes.io/storage-provisioner",
  "volume.beta.kubernetes.io/storage-provisioner",
  "volume.kubernetes.io/selected-node",
  "velero.io/volume-snapshot-name",
  "velero.io/data-upload-name",
];

/** Velero's PVC restore action. */
export const pvcAction: RestoreItemAction = {
  name: "velero.io/pvc",
  appliesTo: () => ({ includedResources: ["persistentvolumeclaims"] }),
  execute: syncExecute((input) => {
    deleteKeys(fieldsAt(input.item, "metadata"), "annotations", pvcAnnotationsRemoved);
    const phase = stringAt(input.itemFromBackup, "status", "phase");
    const volumeName = stringAt(input.itemFromBackup, "spec", "volumeName");
    const additionalItems: ResourceIdentifier[] = [];
    if (phase === "Bound" && volumeName !== "") {
      input.log.info(`Adding PV ${volumeName} as an additional item to restore`);
      additionalItems.push({ groupResource: "persistentvolumes", name: volumeName });
    } else {
      input.log.info("PVC is not bound or its volume name is empty");
    }
    return { item: input.item, additionalItems };
  }),
};
