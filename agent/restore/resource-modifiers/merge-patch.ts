// Applies a JSON merge patch (RFC 7386) to a document, as Velero's `mergePatches` do; the
// companion of ../json-merge-patch.ts, which computes such patches.
import type { JsonObject, JsonValue } from "../json-merge-patch.js";

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The result of merging `patch` into `target`: an object patch sets its members recursively
 * and removes those it sets to `null`; any other patch value replaces the target. Neither
 * argument is changed.
 */
export function applyMergePatch(target: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (!isObject(patch)) return structuredClone(patch);
  const result: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) Reflect.deleteProperty(result, key);
    else result[key] = applyMergePatch(Object.hasOwn(result, key) ? result[key] : undefined, value);
  }
  return result;
}
