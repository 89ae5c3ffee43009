// Velero's restore resource modifiers: rules in a ConfigMap that patch items (JSON Patch,
// JSON merge patch, strategic merge patch) on their way into the cluster.
export {
  PatchError,
  PatchMissingPathError,
  PatchTestFailedError,
  ResourceModifierConfigError,
} from "./errors.js";
export { applyJsonPatch, type JsonPatchOperation } from "./json-patch.js";
export { applyMergePatch } from "./merge-patch.js";
export { applyStrategicMergePatch } from "./strategic-merge-patch.js";
export {
  isModifierConfigMap,
  loadResourceModifiers,
  withResourceModifiers,
  type ModifierSource,
} from "./load-resource-modifiers.js";
export { ResourceModifiers } from "./resource-modifiers.js";
