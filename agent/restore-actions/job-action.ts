// velero.io/job: a restored Job loses the controller-uid selector and template labels the old
// Job's controller added, so the API server generates them for the new Job.
import { deleteKeys, fieldsAt, specOf } from "./object-fields.js";
import { syncExecute, type RestoreItemAction } from "./restore-item-action.js";

const controllerUidLabels = ["batch.kubernetes.io/controller-uid", "controller-uid"];

/** Velero's Job restore action. */
export const jobAction: RestoreItemAction = {
  name: "velero.io/job",
  appliesTo: () => ({ includedResources: ["jobs"] }),
  execute: syncExecute((input) => {
    const spec = specOf(input.item);
    deleteKeys(fieldsAt(spec, "selector"), "matchLabels", controllerUidLabels);
    deleteKeys(fieldsAt(spec, "template", "metadata"), "labels", controllerUidLabels);
    return { item: input.item };
  }),
};
