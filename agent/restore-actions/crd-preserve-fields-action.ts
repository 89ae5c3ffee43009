// velero.io/crd-preserve-fields: an apiextensions.k8s.io/v1 CRD with the v1beta1-era
// `spec.preserveUnknownFields: true` (refused by v1) loses it and gets
// `x-kubernetes-preserve-unknown-fields: true` on every version's schema instead.
import { asFieldsList, fieldsAt } from "./object-fields.js";
import { syncExecute, type RestoreItemAction } from "./restore-item-action.js";

/** Velero's CRD preserveUnknownFields restore action. */
export const crdPreserveFieldsAction: RestoreItemAction = {
  name: "velero.io/crd-preserve-fields",
  appliesTo: () => ({ includedResources: ["customresourcedefinitions.apiextensions.k8s.io"] }),
  execute: syncExecute((input) => {
    const spec = fieldsAt(input.item, "spec");
    if (input.item.apiVersion !== "apiextensions.k8s.io/v1" || spec === undefined) {
      return { item: input.item };
    }
    if (spec["preserveUnknownFields"] === true) {
      Reflect.deleteProperty(spec, "preserveUnknownFields");
      for (const version of asFieldsList(spec["versions"])) {
        const schema = fieldsAt(version, "schema", "openAPIV3Schema");
        if (schema !== undefined) schema["x-kubernetes-preserve-unknown-fields"] = true;
      }
    }
    return { item: input.item };
  }),
};
