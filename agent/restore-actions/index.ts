// Restore item actions: the seam (interfaces) and Velero's built-in actions.
export type {
  RestoreActionSetup,
  RestoreItemAction,
  RestoreItemActionFactory,
  RestoreItemActionInput,
  RestoreItemActionOutput,
  ResourceIdentifier,
  ResourceSelector,
} from "./restore-item-action.js";
export { addPvcFromPodAction } from "./add-pvc-from-pod-action.js";
export { admissionWebhookAction } from "./admission-webhook-action.js";
export { apiServiceAction, autoRegisterManagedLabel } from "./apiservice-action.js";
export { crdPreserveFieldsAction } from "./crd-preserve-fields-action.js";
export { jobAction } from "./job-action.js";
export { podAction } from "./pod-action.js";
export { pvcAction, pvcAnnotationsRemoved } from "./pvc-action.js";
export { clusterRoleBindingAction, roleBindingAction } from "./role-binding-actions.js";
export { createSecretAction } from "./secret-action.js";
export { serviceAccountAction } from "./service-account-action.js";
export { serviceAction } from "./service-action.js";
import { addPvcFromPodAction } from "./add-pvc-from-pod-action.js";
import { admissionWebhookAction } from "./admission-webhook-action.js";
import { apiServiceAction } from "./apiservice-action.js";
import { crdPreserveFieldsAction } from "./crd-preserve-fields-action.js";
import { jobAction } from "./job-action.js";
import { podAction } from "./pod-action.js";
import { pvcAction } from "./pvc-action.js";
import type { RestoreItemAction, RestoreItemActionFactory } from "./restore-item-action.js";
import { clusterRoleBindingAction, roleBindingAction } from "./role-binding-actions.js";
import { createSecretAction } from "./secret-action.js";
import { serviceAccountAction } from "./service-account-action.js";
import { serviceAction } from "./service-action.js";

const fixed =
  (action: RestoreItemAction): RestoreItemActionFactory =>
  () =>
    action;

/**
 * Velero's built-in restore item actions, in the order they run on an item (by name). The
 * `restore-wait` injection of `velero.io/pod-volume-restore` is the pod volume restorer's
 * `preparePod` (agent/restore), not an action here.
 */
export const builtInRestoreItemActions: readonly RestoreItemActionFactory[] = [
  fixed(addPvcFromPodAction),
  fixed(admissionWebhookAction),
  fixed(apiServiceAction),
  fixed(clusterRoleBindingAction),
  fixed(crdPreserveFieldsAction),
  fixed(jobAction),
  fixed(podAction),
  fixed(pvcAction),
  fixed(roleBindingAction),
  createSecretAction,
  fixed(serviceAccountAction),
  fixed(serviceAction),
];
