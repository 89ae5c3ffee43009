// The merge server-side apply performs: an applied configuration merged into the live object
// (maps recursively, keyed lists by their keys, sets by value, atomic lists replaced), and the
// removal of fields a manager stopped applying.
import { isDeepStrictEqual } from "node:util";
import type { FieldTrie } from "../api/field-set.js";
import { itemToken } from "../api/field-set.js";
import type { SchemaNode } from "./schema-node.js";

type Json = Record<string, unknown>;

function isMap(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function mergeList(live: unknown, applied: unknown[], node: SchemaNode | undefined): unknown[] {
  const strategy = node?.list();
  const current: unknown[] = Array.isArray(live) ? live : [];
  if (strategy?.kind === "set")
    return [...applied, ...current.filter((c) => !applied.some((a) => isDeepStrictEqual(a, c)))];
  if (strategy?.kind !== "map" || strategy.keys.length === 0) return structuredClone(applied);
  const keys = strategy.keys;
  const byToken = new Map(current.map((item) => [itemToken(item, keys), item]));
  const appliedTokens = new Set(applied.map((item) => itemToken(item, keys)));
  const merged = applied.map((item) =>
    mergeApplied(byToken.get(itemToken(item, keys)), item, node?.items()),
  );
  return [...merged, ...current.filter((item) => !appliedTokens.has(itemToken(item, keys)))];
}

/** `applied` merged into `live` (neither is modified). */
export function mergeApplied(
  live: unknown,
  applied: unknown,
  node: SchemaNode | undefined,
): unknown {
  if (Array.isArray(applied)) return mergeList(live, applied, node);
  if (!isMap(applied)) return structuredClone(applied);
  const out: Json = isMap(live) ? structuredClone(live) : {};
  for (const [key, value] of Object.entries(applied)) {
    if (value === null) Reflect.deleteProperty(out, key);
    else out[key] = mergeApplied(out[key], value, node?.field(key));
  }
  return out;
}

function removeFromList(
  list: unknown[],
  token: string,
  child: FieldTrie,
  node: SchemaNode | undefined,
): unknown[] {
  const strategy = node?.list();
  if (token.startsWith("v:")) return list.filter((item) => `v:${JSON.stringify(item)}` !== token);
  if (strategy?.kind !== "map") return list;
  const leaf = Object.keys(child).every((t) => t === ".");
  if (leaf) return list.filter((item) => itemToken(item, strategy.keys) !== token);
  for (const item of list) {
    if (itemToken(item, strategy.keys) === token) removeFields(item, child, node?.items());
  }
  return list;
}

/** Deletes the fields of `trie` from `target` in place (leaves remove whole subtrees). */
export function removeFields(target: unknown, trie: FieldTrie, node: SchemaNode | undefined): void {
  if (!isMap(target)) return;
  for (const [token, child] of Object.entries(trie)) {
    if (!token.startsWith("f:")) continue;
    const key = token.slice(2);
    const value: unknown = target[key];
    const childNode = node?.field(key);
    if (Object.keys(child).length === 0) Reflect.deleteProperty(target, key);
    else if (Array.isArray(value)) {
      let list = value;
      for (const [itemTokenText, itemTrie] of Object.entries(child))
        list = removeFromList(list, itemTokenText, itemTrie, childNode);
      target[key] = list;
    } else removeFields(value, child, childNode);
  }
}
