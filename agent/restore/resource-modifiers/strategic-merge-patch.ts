// Strategic merge patches as the API server applies them (k8s.io/apimachinery strategicpatch)
// for the fields described in patch-schema.ts: objects merge, lists with a patch strategy
// merge by their merge key (scalars by value), other lists are replaced, and the directives
// `$patch` (replace, delete), `$retainKeys`, `$deleteFromPrimitiveList/<f>` and
// `$setElementOrder/<f>` are honoured.
import type { JsonObject, JsonValue } from "../json-merge-patch.js";
import { PatchError } from "./errors.js";
import { fieldInfo, type FieldPatchInfo, type TypeSchema } from "./patch-schema.js";

const directiveKey = "$patch";
const retainKeysKey = "$retainKeys";
const deletePrefix = "$deleteFromPrimitiveList/";
const orderPrefix = "$setElementOrder/";

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function listOf(value: JsonValue | undefined, what: string): JsonValue[] {
  if (!Array.isArray(value)) throw new PatchError(`invalid patch: ${what} must be a list`);
  return value;
}

/**
 * Applies `patch` to a copy of `document` whose fields are described by `schema`; neither
 * argument is changed. Throws a PatchError for a malformed patch (unknown directive, list
 * element without its merge key, lists of lists, element types that differ).
 */
export function applyStrategicMergePatch(
  document: JsonObject,
  patch: JsonObject,
  schema: TypeSchema,
): JsonObject {
  return mergeMap(structuredClone(document), structuredClone(patch), schema);
}

function mergeMap(original: JsonObject, patch: JsonObject, schema?: TypeSchema): JsonObject {
  if (Object.hasOwn(patch, directiveKey)) return mapDirective(patch, schema);
  applyRetainKeys(original, patch);
  applyElementOrders(original, patch, schema);
  for (const [key, value] of Object.entries(patch)) mergeField(original, key, value, schema);
  return original;
}

function mapDirective(patch: JsonObject, schema?: TypeSchema): JsonObject {
  const { [directiveKey]: directive, ...rest } = patch;
  if (directive === "replace") return mergeMap({}, rest, schema);
  if (directive === "delete") return {};
  throw new PatchError(`unknown patch type: ${JSON.stringify(directive)} in map`);
}

function applyRetainKeys(original: JsonObject, patch: JsonObject): void {
  if (!Object.hasOwn(patch, retainKeysKey)) return;
  const retained = new Set(listOf(patch[retainKeysKey], retainKeysKey));
  Reflect.deleteProperty(patch, retainKeysKey);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || key.startsWith("$")) continue;
    if (!retained.has(key)) {
      throw new PatchError(`invalid patch: field ${key} is not listed in ${retainKeysKey}`);
    }
  }
  for (const key of Object.keys(original))
    if (!retained.has(key)) Reflect.deleteProperty(original, key);
}

function applyElementOrders(original: JsonObject, patch: JsonObject, schema?: TypeSchema): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(orderPrefix)) continue;
    const order = listOf(patch[key], key);
    const field = key.slice(orderPrefix.length);
    const patched = Object.hasOwn(patch, field) ? listOf(patch[field], field) : undefined;
    Reflect.deleteProperty(patch, key);
    Reflect.deleteProperty(patch, field);
    const current = original[field];
    const server = Array.isArray(current) ? current : undefined;
    if (server === undefined && patched === undefined) continue;
    const info = fieldInfo(schema, field);
    const merged = mergeOrdered(server ?? [], patched, info);
    original[field] = orderList(merged, order, server ?? [], info.mergeKey);
  }
}

function mergeOrdered(
  server: JsonValue[],
  patched: JsonValue[] | undefined,
  info: FieldPatchInfo,
): JsonValue[] {
  if (patched === undefined) return server;
  return info.strategy === "merge" ? mergeList(server, patched, info) : patched;
}

function mergeField(
  original: JsonObject,
  key: string,
  value: JsonValue,
  schema?: TypeSchema,
): void {
  if (key.startsWith(deletePrefix)) {
    deleteFromList(original, key.slice(deletePrefix.length), listOf(value, key));
    return;
  }
  if (key.startsWith("$")) throw new PatchError(`unsupported patch directive ${key}`);
  if (value === null) {
    Reflect.deleteProperty(original, key);
    return;
  }
  const current = Object.hasOwn(original, key) ? original[key] : undefined;
  original[key] = mergeValue(current, value, fieldInfo(schema, key));
}

function mergeValue(current: JsonValue | undefined, value: JsonValue, info: FieldPatchInfo) {
  if (isObject(value)) return mergeMap(isObject(current) ? current : {}, value, info.type);
  if (!Array.isArray(value) || info.strategy !== "merge") return value;
  return mergeList(Array.isArray(current) ? current : [], value, info);
}

function deleteFromList(original: JsonObject, field: string, values: JsonValue[]): void {
  const current = original[field];
  if (!Array.isArray(current)) return;
  original[field] = current.filter((item) => !values.includes(item));
}

function elementKind(values: readonly JsonValue[]): "object" | "scalar" {
  let kind: string | undefined;
  for (const value of values) {
    if (Array.isArray(value)) throw new PatchError("lists of lists are not supported");
    const current = value === null ? "null" : typeof value;
    if (kind !== undefined && kind !== current) {
      throw new PatchError("list element types are not identical");
    }
    kind = current;
  }
  return kind === "object" ? "object" : "scalar";
}

function mergeList(original: JsonValue[], patch: JsonValue[], info: FieldPatchInfo): JsonValue[] {
  if (original.length === 0 && patch.length === 0) return original;
  if (elementKind([...original, ...patch]) === "scalar") {
    return orderList([...new Set([...original, ...patch])], patch, original, undefined);
  }
  const mergeKey = info.mergeKey;
  if (mergeKey === undefined) throw new PatchError("cannot merge lists without merge key");
  const split = withoutSpecialElements(original, patch, mergeKey);
  const merged = mergeByKey(split.original, split.patch, mergeKey, info.type);
  return orderList(merged, split.patch, split.original, mergeKey);
}

interface SplitList {
  readonly original: JsonValue[];
  readonly patch: JsonValue[];
}

function withoutSpecialElements(
  original: JsonValue[],
  patch: JsonValue[],
  mergeKey: string,
): SplitList {
  let kept = original;
  const plain: JsonValue[] = [];
  let replace = false;
  for (const element of patch as JsonObject[]) {
    const directive = element[directiveKey];
    if (directive === undefined) plain.push(element);
    else if (directive === "replace") replace = true;
    else if (directive === "delete") {
      const value = keyValue(element, mergeKey);
      kept = kept.filter((item) => !isObject(item) || item[mergeKey] !== value);
    } else if (directive === "merge") {
      throw new PatchError("merging lists cannot yet be specified in the patch");
    } else throw new PatchError(`unknown patch type: ${JSON.stringify(directive)} in list`);
  }
  return replace ? { original: plain, patch: [] } : { original: kept, patch: plain };
}

function keyValue(element: JsonObject, mergeKey: string): JsonValue {
  const value = element[mergeKey];
  if (value === undefined) {
    throw new PatchError(
      `map: ${JSON.stringify(element)} does not contain declared merge key: ${mergeKey}`,
    );
  }
  return value;
}

function mergeByKey(
  original: JsonValue[],
  patch: JsonValue[],
  mergeKey: string,
  type?: TypeSchema,
): JsonValue[] {
  const result = [...original];
  for (const element of patch as JsonObject[]) {
    const value = keyValue(element, mergeKey);
    const index = result.findIndex((item) => isObject(item) && item[mergeKey] === value);
    const found = result[index];
    if (isObject(found)) result[index] = mergeMap(found, element, type);
    else result.push(mergeMap({}, element, type));
  }
  return result;
}

function identity(value: JsonValue, mergeKey: string | undefined): JsonValue | undefined {
  if (mergeKey === undefined) return value;
  return isObject(value) ? value[mergeKey] : undefined;
}

function indexIn(list: readonly JsonValue[], value: JsonValue, mergeKey?: string): number {
  const wanted = identity(value, mergeKey);
  if (wanted === undefined) return -1;
  return list.findIndex((item) => identity(item, mergeKey) === wanted);
}

/**
 * Kubernetes' order rule for a merged list: the items named by `order` (the patch list or a
 * `$setElementOrder`) in that order, interleaved with the other items in their `server` order.
 */
function orderList(
  merged: JsonValue[],
  order: readonly JsonValue[],
  server: readonly JsonValue[],
  mergeKey: string | undefined,
): JsonValue[] {
  const byOrder = (list: readonly JsonValue[]) => (a: JsonValue, b: JsonValue) => {
    const ia = indexIn(list, a, mergeKey);
    const ib = indexIn(list, b, mergeKey);
    return ia >= 0 && ib >= 0 ? ia - ib : 0;
  };
  const named = merged.filter((v) => indexIn(order, v, mergeKey) >= 0).sort(byOrder(order));
  const others = merged.filter((v) => indexIn(order, v, mergeKey) < 0).sort(byOrder(server));
  const result: JsonValue[] = [];
  let i = 0;
  let j = 0;
  while (i < others.length || j < named.length) {
    const left = others[i];
    const right = named[j];
    if (right === undefined || (left !== undefined && before(left, right, server, mergeKey))) {
      result.push(left ?? null);
      i++;
    } else {
      result.push(right);
      j++;
    }
  }
  return result;
}

function before(
  left: JsonValue,
  right: JsonValue,
  server: readonly JsonValue[],
  mergeKey: string | undefined,
): boolean {
  const li = indexIn(server, left, mergeKey);
  const ri = indexIn(server, right, mergeKey);
  return li >= 0 && ri >= 0 && li < ri;
}
