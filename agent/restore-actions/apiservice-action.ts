// velero.io/apiservice: APIServices the kube-aggregator registers itself (labelled
// `kube-aggregator.kubernetes.io/automanaged`) are not restored; the target cluster makes its own.
import { syncExecute, type RestoreItemAction } from "./restore-item-action.js";

/** The label the kube-aggregator puts on APIServices it manages. */
export const autoRegisterManagedLabel = "kube-aggregator.kubernetes.io/automanaged";

/** Velero's APIService restore action. */
export const apiServiceAction: RestoreItemAction = {
  name: "velero.io/apiservice",
  appliesTo: () => ({
    includedResources: ["apiservices"],
    labelSelector: {
      matchExpressions: [{ key: autoRegisterManagedLabel, operator: "Exists" }],
    },
  }),
  execute: syncExecute((input) => {
    input.log.info("Skipping restore of APIService as it is managed by Kubernetes");
    return { item: input.item, skipRestore: true };
  }),
};
