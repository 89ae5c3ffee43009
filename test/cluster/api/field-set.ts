// Sets of field paths in the managedFields `FieldsV1` trie format (`f:spec`, `k:{"name":"x"}`,
// `v:"value"`), built from objects with their list semantics, and the set algebra that field
// ownership needs.
import { isDeepStrictEqual } from "node:util";
import type { SchemaNode } from "../patch/schema-node.js";

/** A FieldsV1 trie: an empty object is a leaf (the field itself is owned). */
export interface FieldTrie {
  [token: string]: FieldTrie;
}

type Json = Record<string, unknown>;

function isMap(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The token of a keyed list item: `k:{"name":"x"}` (keys sorted). */
export function itemToken(item: unknown, keys: readonly string[]): string {
  const picked: Json = {};
  for (const key of [...keys].sort()) picked[key] = isMap(item) ? item[key] : undefined;
  return `k:${JSON.stringify(picked)}`;
}

function listTrie(list: readonly unknown[], node: SchemaNode | undefined): FieldTrie {
  const strategy = node?.list();
  const out: FieldTrie = {};
  if (strategy?.kind === "map" && strategy.keys.length > 0) {
    for (const item of list)
      out[itemToken(item, strategy.keys)] = { ".": {}, ...fieldsOf(item, node?.items()) };
  } else if (strategy?.kind === "set") {
    for (const item of list) out[`v:${JSON.stringify(item)}`] = {};
  }
  return out;
}

/** Every field set in `value` (leaves are scalars, atomic lists and empty maps). */
export function fieldsOf(value: unknown, node: SchemaNode | undefined): FieldTrie {
  if (Array.isArray(value)) return listTrie(value, node);
  if (!isMap(value)) return {};
  const out: FieldTrie = {};
  for (const [key, child] of Object.entries(value))
    out[`f:${key}`] = fieldsOf(child, node?.field(key));
  return out;
}

function keyedItems(list: readonly unknown[], keys: readonly string[]): Map<string, unknown> {
  return new Map(list.map((item) => [itemToken(item, keys), item]));
}

function listDiff(
  before: readonly unknown[],
  after: readonly unknown[],
  node: SchemaNode | undefined,
): FieldTrie | undefined {
  const strategy = node?.list();
  if (strategy?.kind !== "map" || strategy.keys.length === 0)
    return isDeepStrictEqual(before, after) ? undefined : {};
  const old = keyedItems(before, strategy.keys);
  const out: FieldTrie = {};
  for (const [token, item] of keyedItems(after, strategy.keys)) {
    const changed = changedFields(old.get(token), item, node?.items());
    if (changed !== undefined) out[token] = { ".": {}, ...changed };
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

function replacedFields(
  before: unknown,
  after: unknown,
  node: SchemaNode | undefined,
): FieldTrie | undefined {
  if (isDeepStrictEqual(before, after)) return undefined;
  return isMap(after) || Array.isArray(after) ? fieldsOf(after, node) : {};
}

/** Fields of `after` whose values differ from `before` (undefined when nothing changed). */
export function changedFields(
  before: unknown,
  after: unknown,
  node: SchemaNode | undefined,
): FieldTrie | undefined {
  if (Array.isArray(before) && Array.isArray(after)) return listDiff(before, after, node);
  if (!isMap(before) || !isMap(after)) return replacedFields(before, after, node);
  const out: FieldTrie = {};
  for (const [key, child] of Object.entries(after)) {
    const changed = changedFields(before[key], child, node?.field(key));
    if (changed !== undefined) out[`f:${key}`] = changed;
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

/** Union of two tries. */
export function unionFields(a: FieldTrie, b: FieldTrie): FieldTrie {
  const out: FieldTrie = { ...a };
  for (const [token, child] of Object.entries(b)) {
    const mine = out[token];
    out[token] = mine === undefined ? child : unionFields(mine, child);
  }
  return out;
}

/** `a` without the fields of `b` (a leaf of `b` removes the whole subtree of `a`). */
export function subtractFields(a: FieldTrie, b: FieldTrie): FieldTrie {
  const out: FieldTrie = {};
  for (const [token, child] of Object.entries(a)) {
    const other = b[token];
    if (other === undefined) out[token] = child;
    else if (Object.keys(other).length > 0 && Object.keys(child).length > 0) {
      const rest = subtractFields(child, other);
      if (Object.keys(rest).some((t) => t !== ".")) out[token] = rest;
    }
  }
  return out;
}

/** Fields present in both tries (leaves of either count as the whole subtree). */
export function intersectFields(a: FieldTrie, b: FieldTrie): FieldTrie {
  const out: FieldTrie = {};
  for (const [token, child] of Object.entries(a)) {
    const other = b[token];
    if (other === undefined) continue;
    if (Object.keys(child).length === 0) out[token] = other;
    else if (Object.keys(other).length === 0) out[token] = child;
    else {
      const both = intersectFields(child, other);
      if (Object.keys(both).length > 0) out[token] = both;
    }
  }
  return out;
}

function segmentOf(token: string): string {
  if (token.startsWith("f:")) return `.${token.slice(2)}`;
  if (token.startsWith("v:")) return `[=${token.slice(2)}]`;
  if (!token.startsWith("k:")) return `[${token.slice(2)}]`;
  const keys = JSON.parse(token.slice(2)) as Record<string, unknown>;
  return `[${Object.entries(keys)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(",")}]`;
}

/** Leaf paths of a trie as `.spec.containers[name="app"].image` strings, for conflict messages. */
export function fieldPaths(trie: FieldTrie, prefix = ""): string[] {
  const out: string[] = [];
  for (const [token, child] of Object.entries(trie)) {
    if (token === ".") continue;
    const path = prefix + segmentOf(token);
    const children = fieldPaths(child, path);
    out.push(...(children.length === 0 ? [path] : children));
  }
  return out;
}
