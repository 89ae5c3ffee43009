// JSON text exactly as Go's encoding/json writes it, which is what Velero's readers and
// checksummers see: compact, HTML-escaped strings, and (for maps) keys in byte order.

/** Any character a JSON string must escape or Go escapes (quote, backslash, control, <>&, non-ASCII). */
const notPlain = /[^\x20\x21\x23-\x25\x27-\x3b\x3d\x3f-\x5b\x5d-\x7e]/;
const needsGoEscape = /[<>&\u2028\u2029\ud800-\udfff]/;
const htmlEscapes = /[<>&\u2028\u2029]/g;
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * A JSON string literal as Go writes it: like `JSON.stringify`, plus `<`, `>`, `&`, U+2028
 * and U+2029 escaped as `\u003c` etc., and lone surrogates replaced by U+FFFD (Go writes
 * valid UTF-8 only).
 */
export function quoteGoString(value: string): string {
  if (!notPlain.test(value)) return `"${value}"`;
  if (!needsGoEscape.test(value)) return JSON.stringify(value);
  return JSON.stringify(value.replace(loneSurrogate, "\ufffd")).replace(htmlEscapes, escapeOne);
}

function escapeOne(match: string): string {
  return `\\u${match.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/**
 * Go's `json.Marshal` of an unstructured value (`map[string]interface{}` all the way down):
 * compact, object keys sorted by their UTF-8 bytes at every level, strings escaped as
 * {@link quoteGoString}. `undefined` and function members are dropped as `JSON.stringify`
 * drops them. Objects whose own keys come in an order seen before reuse that order's sorted,
 * quoted keys (see {@link ShapeCache}), so the keys of most objects are neither sorted nor
 * quoted again.
 */
export function marshalSorted(value: unknown): string {
  return encodeSorted(value);
}

/**
 * Like {@link marshalSorted} but keeps each object's own key order; for records whose key
 * order was already laid out in Go struct-field order by the caller.
 */
export function marshalOrdered(value: unknown): string {
  return encodeOrdered(value);
}

/** An object's keys in output order, each with its quoted `"key":` prefix. */
interface Shape {
  readonly keys: readonly string[];
  readonly prefixes: readonly string[];
}

interface ShapeNode {
  next: Map<string, ShapeNode> | undefined;
  shape: Shape | undefined;
}

/**
 * Sorted key orders by own key order: a trie over the keys as `Object.keys` returns them.
 * Bounded: once it holds `maxNodes` keys it starts again empty, so objects with ever-new keys
 * (ConfigMap data, annotations) cost memory only up to the bound.
 */
class ShapeCache {
  readonly #maxNodes: number;
  #root: ShapeNode = { next: undefined, shape: undefined };
  #nodes = 0;

  constructor(maxNodes: number) {
    this.#maxNodes = maxNodes;
  }

  shapeOf(keys: readonly string[]): Shape {
    if (this.#nodes + keys.length > this.#maxNodes) {
      this.#root = { next: undefined, shape: undefined };
      this.#nodes = 0;
    }
    let node = this.#root;
    for (const key of keys) node = this.#child(node, key);
    node.shape ??= sortedShape(keys);
    return node.shape;
  }

  #child(node: ShapeNode, key: string): ShapeNode {
    node.next ??= new Map();
    let child = node.next.get(key);
    if (child === undefined) {
      child = { next: undefined, shape: undefined };
      node.next.set(key, child);
      this.#nodes++;
    }
    return child;
  }
}

function sortedShape(ownKeys: readonly string[]): Shape {
  const keys = sortUtf8([...ownKeys]);
  return { keys, prefixes: keys.map((key) => `${quoteGoString(key)}:`) };
}

const shapes = new ShapeCache(100_000);

function encodeSorted(value: unknown): string {
  if (typeof value === "string") return quoteGoString(value);
  if (typeof value !== "object") return encodeScalar(value);
  if (value === null) return "null";
  if (Array.isArray(value)) return encodeSortedArray(value);
  return encodeSortedObject(value as Record<string, unknown>);
}

function encodeSortedArray(values: readonly unknown[]): string {
  let out = "[";
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ",";
    const element = values[i];
    out += element === undefined ? "null" : encodeSorted(element);
  }
  return out + "]";
}

function encodeSortedObject(object: Record<string, unknown>): string {
  const { keys, prefixes } = shapes.shapeOf(Object.keys(object));
  let out = "{";
  for (let i = 0; i < keys.length; i++) {
    const member = object[keys[i] as string];
    if (member === undefined || typeof member === "function") continue;
    if (out.length > 1) out += ",";
    out += (prefixes[i] as string) + encodeSorted(member);
  }
  return out + "}";
}

function encodeOrdered(value: unknown): string {
  if (typeof value === "string") return quoteGoString(value);
  if (typeof value !== "object") return encodeScalar(value);
  if (value === null) return "null";
  if (Array.isArray(value)) return encodeOrderedArray(value);
  return encodeOrderedObject(value as Record<string, unknown>);
}

function encodeScalar(value: unknown): string {
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "bigint") return value.toString();
  return "null";
}

function encodeOrderedArray(values: readonly unknown[]): string {
  let out = "[";
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ",";
    const element = values[i];
    out += element === undefined ? "null" : encodeOrdered(element);
  }
  return out + "]";
}

function encodeOrderedObject(object: Record<string, unknown>): string {
  const keys = Object.keys(object);
  let out = "{";
  let first = true;
  for (const key of keys) {
    const member = object[key];
    if (member === undefined || typeof member === "function") continue;
    out += (first ? "" : ",") + quoteGoString(key) + ":" + encodeOrdered(member);
    first = false;
  }
  return out + "}";
}

const surrogate = /[\ud800-\udfff]/;

/**
 * Sorts strings in place by their UTF-8 bytes, as Go's `sort.Strings` and map-key ordering
 * do. JavaScript's default order (UTF-16 code units) agrees except when a key holds a
 * character outside the Basic Multilingual Plane, which takes the slow path.
 */
export function sortUtf8(values: string[]): string[] {
  if (!isAscending(values)) values.sort();
  if (values.some((v) => surrogate.test(v))) values.sort(compareUtf8);
  return values;
}

/** True when `values` is already in ascending UTF-16 order (Go writes map keys sorted). */
function isAscending(values: readonly string[]): boolean {
  for (let i = 1; i < values.length; i++) {
    if ((values[i - 1] ?? "") > (values[i] ?? "")) return false;
  }
  return true;
}

/** Compares two strings by their UTF-8 byte sequences. */
export function compareUtf8(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca !== cb) return utf8Rank(ca) - utf8Rank(cb);
  }
  return a.length - b.length;
}

function utf8Rank(code: number): number {
  if (code >= 0xd800 && code <= 0xdfff) return code + 0x2000;
  if (code >= 0xe000) return code - 0x800;
  return code;
}
