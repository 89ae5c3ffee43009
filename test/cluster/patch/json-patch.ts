// JSON patch (RFC 6902): add, remove, replace, move, copy and test operations addressed by JSON
// pointers, with the error texts of the library the real API server uses.
import { isDeepStrictEqual } from "node:util";
import { PatchError } from "./patch-error.js";

interface Operation {
  readonly op: string;
  readonly path: string;
  readonly from?: string;
  readonly value?: unknown;
}

type Container = Record<string, unknown> | unknown[];

function parsePointer(pointer: string): string[] {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) throw new PatchError(`invalid JSON pointer: ${pointer}`, true);
  return pointer
    .slice(1)
    .split("/")
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function isContainer(value: unknown): value is Container {
  return typeof value === "object" && value !== null;
}

function child(container: Container, key: string): unknown {
  if (Array.isArray(container)) return container[Number(key)];
  return Object.hasOwn(container, key) ? container[key] : undefined;
}

function parentOf(doc: unknown, path: string, op: string): { parent: Container; key: string } {
  const parts = parsePointer(path);
  const key = parts.pop();
  if (key === undefined)
    throw new PatchError(`${op} operation does not apply: doc is missing path: "${path}"`);
  let current: unknown = doc;
  for (const part of parts) {
    current = isContainer(current) ? child(current, part) : undefined;
    if (current === undefined)
      throw new PatchError(
        `${op} operation does not apply: doc is missing path: "${path}": missing value`,
      );
  }
  if (!isContainer(current))
    throw new PatchError(
      `${op} operation does not apply: doc is missing path: "${path}": missing value`,
    );
  return { parent: current, key };
}

function arrayIndex(list: unknown[], key: string, path: string, allowEnd: boolean): number {
  if (key === "-" && allowEnd) return list.length;
  const index = Number(key);
  const max = allowEnd ? list.length : list.length - 1;
  if (!/^\d+$/.test(key) || index > max)
    throw new PatchError(
      `Unable to access invalid index: ${key}: invalid index referenced: ${path}`,
    );
  return index;
}

function get(doc: unknown, path: string, op: string): unknown {
  if (path === "") return doc;
  const { parent, key } = parentOf(doc, path, op);
  const value = child(parent, key);
  if (value === undefined)
    throw new PatchError(
      `${op} operation does not apply: doc is missing path: "${path}": missing value`,
    );
  return value;
}

function add(doc: unknown, path: string, value: unknown): unknown {
  if (path === "") return value;
  const { parent, key } = parentOf(doc, path, "add");
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, path, true), 0, value);
  else parent[key] = value;
  return doc;
}

function remove(doc: unknown, path: string, op = "remove"): unknown {
  const { parent, key } = parentOf(doc, path, op);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, path, false), 1);
  else if (Object.hasOwn(parent, key)) Reflect.deleteProperty(parent, key);
  else
    throw new PatchError(
      `${op} operation does not apply: doc is missing key: ${path}: missing value`,
    );
  return doc;
}

function replace(doc: unknown, path: string, value: unknown): unknown {
  if (path === "") return value;
  const { parent, key } = parentOf(doc, path, "replace");
  if (Array.isArray(parent)) parent[arrayIndex(parent, key, path, false)] = value;
  else if (Object.hasOwn(parent, key)) parent[key] = value;
  else
    throw new PatchError(
      `replace operation does not apply: doc is missing key: ${path}: missing value`,
    );
  return doc;
}

type Handler = (doc: unknown, op: Operation, value: unknown) => unknown;

const HANDLERS: Readonly<Record<string, Handler>> = {
  add: (doc, op, value) => add(doc, op.path, value),
  remove: (doc, op) => remove(doc, op.path),
  replace: (doc, op, value) => replace(doc, op.path, value),
  move: (doc, op) => {
    const moved = get(doc, op.from ?? "", "move");
    return add(remove(doc, op.from ?? "", "move"), op.path, moved);
  },
  copy: (doc, op) => add(doc, op.path, structuredClone(get(doc, op.from ?? "", "copy"))),
  test: (doc, op, value) => {
    if (!isDeepStrictEqual(get(doc, op.path, "test"), value)) {
      throw new PatchError(`testing value ${op.path} failed: test failed`);
    }
    return doc;
  },
};

function applyOne(doc: unknown, op: Operation): unknown {
  const handler = Object.hasOwn(HANDLERS, op.op) ? HANDLERS[op.op] : undefined;
  if (handler === undefined) throw new PatchError(`Unexpected kind: ${op.op}`, true);
  return handler(doc, op, structuredClone(op.value));
}

/** Applies the operations in order to a copy of `doc`; throws {@link PatchError}. */
export function applyJsonPatch(doc: unknown, operations: unknown): unknown {
  if (!Array.isArray(operations))
    throw new PatchError(
      "json: cannot unmarshal object into Go value of type jsonpatch.Patch",
      true,
    );
  let current = structuredClone(doc);
  for (const op of operations as Operation[]) {
    if (typeof op.path !== "string")
      throw new PatchError(`missing path in operation ${JSON.stringify(op)}`, true);
    current = applyOne(current, op);
  }
  return current;
}
