// velero.io/admission-webhook-configuration: webhooks of admissionregistration.k8s.io/v1
// configurations whose sideEffects is not None or NoneOnDryRun (values v1 refuses) get None.
import { asFieldsList } from "./object-fields.js";
import { syncExecute, type RestoreItemAction } from "./restore-item-action.js";

/** Velero's admission webhook configuration restore action. */
export const admissionWebhookAction: RestoreItemAction = {
  name: "velero.io/admission-webhook-configuration",
  appliesTo: () => ({
    includedResources: ["mutatingwebhookconfigurations", "validatingwebhookconfigurations"],
  }),
  execute: syncExecute((input) => {
    if (input.item.apiVersion !== "admissionregistration.k8s.io/v1") {
      input.log.info(`unable to handle api version: ${input.item.apiVersion ?? ""}, skip`);
      return { item: input.item };
    }
    if (!Array.isArray(input.item["webhooks"])) return { item: input.item };
    const webhooks = asFieldsList(input.item["webhooks"]);
    for (const webhook of webhooks) {
      const sideEffects = webhook["sideEffects"];
      if (sideEffects !== "None" && sideEffects !== "NoneOnDryRun") {
        input.log.info(
          `reset the invalid sideEffects value '${typeof sideEffects === "string" ? sideEffects : ""}' to 'None'`,
        );
        webhook["sideEffects"] = "None";
      }
    }
    input.item["webhooks"] = webhooks;
    return { item: input.item };
  }),
};
