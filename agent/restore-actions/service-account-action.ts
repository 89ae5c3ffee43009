// velero.io/service-account: a restored ServiceAccount loses the reference to its auto-generated
// token Secret (`<sa>-token-*`), which the cluster creates anew.
import { asFieldsList, stringAt } from "./object-fields.js";
import { syncExecute, type RestoreItemAction } from "./restore-item-action.js";

/** Velero's ServiceAccount restore action (only the last matching entry is dropped, as Velero does). */
export const serviceAccountAction: RestoreItemAction = {
  name: "velero.io/service-account",
  appliesTo: () => ({ includedResources: ["serviceaccounts"] }),
  execute: syncExecute((input) => {
    const secrets = input.item["secrets"];
    if (Array.isArray(secrets)) {
      const prefix = `${stringAt(input.item, "metadata", "name")}-token-`;
      const entries = asFieldsList(secrets);
      for (let i = entries.length - 1; i >= 0; i--) {
        if (stringAt(entries[i], "name").startsWith(prefix)) {
          entries.splice(i, 1);
          break;
        }
      }
      if (entries.length === 0) Reflect.deleteProperty(input.item, "secrets");
      else input.item["secrets"] = entries;
    }
    return { item: input.item };
  }),
};
