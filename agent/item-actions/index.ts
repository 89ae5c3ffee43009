// Backup item actions: the seam (interfaces, selectors) and Velero's built-in actions.
export type {
  ActionSetup,
  BackupItemAction,
  BackupItemActionFactory,
  BackupItemActionInput,
  BackupItemActionOutput,
  ResourceIdentifier,
  ResourceSelector,
} from "./backup-item-action.js";
export { compileSelector, type ActionPredicate, type SelectorTarget } from "./action-selector.js";
export { podAction, relatedItemsForPod } from "./pod-action.js";
export { prepareBoundClaim, pvcAction } from "./pvc-action.js";
export {
  createServiceAccountAction,
  relatedItemsForServiceAccount,
  type ClusterRoleBindingRef,
} from "./service-account-action.js";
export { createCrdRemapVersionAction, looksLikeV1beta1 } from "./crd-remap-version-action.js";
import type { BackupItemAction, BackupItemActionFactory } from "./backup-item-action.js";
import { createCrdRemapVersionAction } from "./crd-remap-version-action.js";
import { podAction } from "./pod-action.js";
import { pvcAction } from "./pvc-action.js";
import { createServiceAccountAction } from "./service-account-action.js";

/** Velero's built-in backup item actions, in the order they run on an item. */
export const builtInBackupItemActions: readonly BackupItemActionFactory[] = [
  (): Promise<BackupItemAction> => Promise.resolve(pvcAction),
  (): Promise<BackupItemAction> => Promise.resolve(podAction),
  createServiceAccountAction,
  createCrdRemapVersionAction,
];
