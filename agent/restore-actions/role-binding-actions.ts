// velero.io/role-bindings and velero.io/cluster-role-bindings: subjects in a namespace the
// restore maps elsewhere follow the mapping.
import { asFieldsList } from "./object-fields.js";
import {
  syncExecute,
  type RestoreItemAction,
  type RestoreItemActionInput,
} from "./restore-item-action.js";

function remapSubjects(input: RestoreItemActionInput): void {
  const mapping = input.restore.spec.namespaceMapping ?? {};
  if (Object.keys(mapping).length === 0) return;
  for (const subject of asFieldsList(input.item["subjects"])) {
    const namespace = subject["namespace"];
    if (typeof namespace !== "string") continue;
    const target = mapping[namespace];
    if (target !== undefined) subject["namespace"] = target;
  }
}

/** Velero's RoleBinding restore action. */
export const roleBindingAction: RestoreItemAction = {
  name: "velero.io/role-bindings",
  appliesTo: () => ({ includedResources: ["rolebindings"] }),
  execute: syncExecute((input) => {
    remapSubjects(input);
    return { item: input.item };
  }),
};

/** Velero's ClusterRoleBinding restore action. */
export const clusterRoleBindingAction: RestoreItemAction = {
  name: "velero.io/cluster-role-bindings",
  appliesTo: () => ({ includedResources: ["clusterrolebindings"] }),
  execute: syncExecute((input) => {
    remapSubjects(input);
    return { item: input.item };
  }),
};
