// Strategic merge patch as `kubectl apply` and `kubectl patch` send it for built-in kinds: lists
// merge by their merge key, primitive sets union, and the `$patch`, `$retainKeys`,
// `$setElementOrder/...` and `$deleteFromPrimitiveList/...` directives are honoured.
import { isDeepStrictEqual } from "node:util";
import { PatchError } from "./patch-error.js";
import type { SchemaNode } from "./schema-node.js";

type Json = Record<string, unknown>;

const ORDER = "$setElementOrder/";
const DELETE_FROM = "$deleteFromPrimitiveList/";

function isMap(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function withoutDirective(value: Json): Json {
  const { $patch: _p, ...rest } = value;
  return rest;
}

function mergeValue(original: unknown, value: unknown, node: SchemaNode | undefined): unknown {
  if (isMap(value)) return mergeMap(isMap(original) ? original : {}, value, node);
  if (Array.isArray(value)) return mergeList(original, value, node);
  return value;
}

function applyFields(result: Json, patch: Json, node: SchemaNode | undefined): void {
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith("$")) continue;
    if (value === null || (isMap(value) && value["$patch"] === "delete")) {
      Reflect.deleteProperty(result, key);
      continue;
    }
    result[key] = mergeValue(result[key], value, node?.field(key));
  }
}

function applyDirective(
  result: Json,
  key: string,
  value: unknown[],
  node: SchemaNode | undefined,
): void {
  const prefix = key.startsWith(DELETE_FROM)
    ? DELETE_FROM
    : key.startsWith(ORDER)
      ? ORDER
      : undefined;
  if (prefix === undefined) return;
  const field = key.slice(prefix.length);
  const current = result[field];
  if (!Array.isArray(current)) return;
  result[field] =
    prefix === ORDER
      ? reorder(current, value, node?.field(field))
      : current.filter((item) => !value.some((v) => isDeepStrictEqual(v, item)));
}

function applyDirectives(result: Json, patch: Json, node: SchemaNode | undefined): void {
  for (const [key, value] of Object.entries(patch)) {
    if (Array.isArray(value)) applyDirective(result, key, value, node);
  }
  const retain = patch["$retainKeys"];
  if (!Array.isArray(retain)) return;
  for (const key of Object.keys(result)) {
    if (!retain.includes(key)) Reflect.deleteProperty(result, key);
  }
}

function mergeMap(original: Json, patch: Json, node: SchemaNode | undefined): Json {
  if (patch["$patch"] === "replace") return stripDirectives(withoutDirective(patch));
  const result: Json = { ...original };
  applyFields(result, patch, node);
  applyDirectives(result, patch, node);
  return result;
}

function stripDirectives(value: Json): Json {
  return mergeMap({}, value, undefined);
}

function keyOf(item: unknown, keys: readonly string[], list: readonly unknown[]): string {
  if (!isMap(item) || keys.some((k) => item[k] === undefined)) {
    throw new PatchError(
      `map: ${JSON.stringify(item)} does not contain declared merge key: ${keys.join(",")} (in ${JSON.stringify(list).slice(0, 80)})`,
    );
  }
  return JSON.stringify(keys.map((k) => item[k]));
}

function mergeKeyedList(
  original: unknown[],
  patch: unknown[],
  node: SchemaNode | undefined,
  keys: readonly string[],
): unknown[] {
  const out = [...original];
  const itemNode = node?.items();
  for (const item of patch) {
    const key = keyOf(item, keys, patch);
    const index = out.findIndex(
      (o) => isMap(o) && keys.every((k) => isDeepStrictEqual(o[k], (item as Json)[k])),
    );
    if ((item as Json)["$patch"] === "delete") {
      const remaining = out.filter(
        (o) => !(isMap(o) && JSON.stringify(keys.map((k) => o[k])) === key),
      );
      out.splice(0, out.length, ...remaining);
    } else if (index >= 0) out[index] = mergeMap(out[index] as Json, item as Json, itemNode);
    else out.push(mergeMap({}, item as Json, itemNode));
  }
  return out;
}

function mergeList(original: unknown, patch: unknown[], node: SchemaNode | undefined): unknown[] {
  const replaceIndex = patch.findIndex((item) => isMap(item) && item["$patch"] === "replace");
  if (replaceIndex >= 0) return patch.filter((_, i) => i !== replaceIndex);
  const strategy = node?.list();
  const current: unknown[] = Array.isArray(original) ? original : [];
  if (strategy?.kind === "set")
    return [...current, ...patch.filter((p) => !current.some((c) => isDeepStrictEqual(c, p)))];
  if (strategy?.kind === "map" && strategy.keys.length > 0 && patch.every(isMap)) {
    return mergeKeyedList(current, patch, node, strategy.keys);
  }
  return patch.filter((item) => !(isMap(item) && item["$patch"] === "delete"));
}

function orderKey(item: unknown, keys: readonly string[]): string {
  if (keys.length === 0 || !isMap(item)) return JSON.stringify(item);
  return JSON.stringify(keys.map((k) => item[k]));
}

function reorder(list: unknown[], order: unknown[], node: SchemaNode | undefined): unknown[] {
  const keys = node?.list().kind === "map" ? node.list().keys : [];
  const rank = new Map(order.map((item, i) => [orderKey(item, keys), i]));
  const ordered = list.filter((item) => rank.has(orderKey(item, keys)));
  ordered.sort((a, b) => (rank.get(orderKey(a, keys)) ?? 0) - (rank.get(orderKey(b, keys)) ?? 0));
  let next = 0;
  return list.map((item) => (rank.has(orderKey(item, keys)) ? ordered[next++] : item));
}

/**
 * Applies a strategic merge patch to `original` (neither is modified) using the list semantics
 * found through `node`. Throws {@link PatchError} when a keyed list item lacks its merge key.
 */
export function applyStrategicMergePatch(
  original: unknown,
  patch: unknown,
  node: SchemaNode | undefined,
): unknown {
  if (!isMap(patch)) throw new PatchError("strategic merge patch must be a JSON object", true);
  return structuredClone(mergeMap(isMap(original) ? original : {}, patch, node));
}
