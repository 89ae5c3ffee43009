// Checks the directives of a strategic merge patch before it is used, so that one this agent
// cannot apply fails the restore's validation instead of every matching item.
import type { JsonObject, JsonValue } from "../json-merge-patch.js";
import { PatchError } from "./errors.js";

const listDirectivePrefixes = ["$setElementOrder/", "$deleteFromPrimitiveList/"];

function checkKey(key: string, value: JsonValue, where: string): void {
  if (key === "$patch") {
    if (value !== "replace" && value !== "delete") {
      throw new PatchError(
        `${where}: $patch ${JSON.stringify(value)} is not supported in a map (use replace or delete)`,
      );
    }
    return;
  }
  const isList =
    key === "$retainKeys" ||
    listDirectivePrefixes.some((p) => key.startsWith(p) && key.length > p.length);
  if (!isList) throw new PatchError(`${where}: the directive ${key} is not supported`);
  if (!Array.isArray(value)) throw new PatchError(`${where}: ${key} must be a list`);
}

function walk(value: JsonValue, where: string): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      walkListElement(item, `${where}[${String(i)}]`);
    });
    return;
  }
  if (typeof value !== "object" || value === null) return;
  for (const [key, member] of Object.entries(value)) {
    const at = where === "" ? key : `${where}.${key}`;
    if (key.startsWith("$")) checkKey(key, member, at);
    else walk(member, at);
  }
}

function walkListElement(item: JsonValue, where: string): void {
  if (typeof item === "object" && item !== null && !Array.isArray(item)) {
    const directive = item["$patch"];
    if (directive === "merge") {
      throw new PatchError(`${where}: $patch merge in a list is not supported (as in Kubernetes)`);
    }
  }
  walk(item, where);
}

/**
 * Returns `patch` when every `$` key in it is a directive this agent applies (`$patch:
 * replace|delete`, `$retainKeys`, `$setElementOrder/<field>`, `$deleteFromPrimitiveList/<field>`);
 * throws a PatchError naming the first one it does not.
 */
export function checkStrategicDirectives(patch: JsonObject): JsonObject {
  walk(patch, "");
  return patch;
}
