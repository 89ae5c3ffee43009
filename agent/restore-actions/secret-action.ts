// velero.io/secret: a service-account token Secret the cluster generates for an existing
// ServiceAccount is not restored; any other token Secret loses the old account's uid and token
// so the cluster fills them in for the new account.
import { ResourceClient, type KubeObject } from "../../lib/kube/index.js";
import { deleteKeys, stringAt } from "./object-fields.js";
import type { RestoreItemAction, RestoreItemActionFactory } from "./restore-item-action.js";

const serviceAccounts = { group: "", version: "v1", resource: "serviceaccounts", namespaced: true };

/**
 * Velero's Secret restore action. The ServiceAccounts looked at are those of the namespace the
 * Secret is restored into (Velero looks in the backed-up namespace, which only differs under a
 * namespace mapping, where the target namespace is the one that matters).
 */
export const createSecretAction: RestoreItemActionFactory = (setup) => {
  const accounts = new ResourceClient<KubeObject>(setup.rest, serviceAccounts);
  const action: RestoreItemAction = {
    name: "velero.io/secret",
    appliesTo: () => ({ includedResources: ["secrets"] }),
    execute: async (input) => {
      if (input.item["type"] !== "kubernetes.io/service-account-token") {
        return { item: input.item };
      }
      const name = stringAt(input.item, "metadata", "name");
      const list = await accounts.list({ namespace: input.targetNamespace });
      const generated = list.items.some((sa) =>
        name.startsWith(`${sa.metadata?.name ?? ""}-token-`),
      );
      if (generated) {
        input.log.info("auto created service account token secret found - excluding this secret");
        return { item: input.item, skipRestore: true };
      }
      deleteKeys(input.item.metadata, "annotations", ["kubernetes.io/service-account.uid"]);
      deleteKeys(input.item, "data", ["token", "ca.crt"]);
      return { item: input.item };
    },
  };
  return action;
};
