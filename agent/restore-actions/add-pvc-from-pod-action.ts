// velero.io/add-pvc-from-pod: a restored pod's PersistentVolumeClaims are restored with it.
import { asFieldsList, fieldsAt, stringAt } from "./object-fields.js";
import {
  syncExecute,
  type RestoreItemAction,
  type ResourceIdentifier,
} from "./restore-item-action.js";

/** Velero's action adding a pod's PVCs as additional items. */
export const addPvcFromPodAction: RestoreItemAction = {
  name: "velero.io/add-pvc-from-pod",
  appliesTo: () => ({ includedResources: ["pods"] }),
  execute: syncExecute((input) => {
    const namespace = stringAt(input.item, "metadata", "namespace");
    const additionalItems: ResourceIdentifier[] = [];
    for (const volume of asFieldsList(fieldsAt(input.item, "spec")?.["volumes"])) {
      const claim = stringAt(volume, "persistentVolumeClaim", "claimName");
      if (fieldsAt(volume, "persistentVolumeClaim") === undefined) continue;
      additionalItems.push({ groupResource: "persistentvolumeclaims", namespace, name: claim });
    }
    return { item: input.item, additionalItems };
  }),
};
