// JSON Patch (RFC 6902) as Velero applies it with evanphx/json-patch: add, remove, replace,
// move, copy and test over JSON Pointers (RFC 6901), negative array indices allowed, all
// operations of one patch applied together or not at all.
import { jsonEqual, type JsonObject, type JsonValue } from "../json-merge-patch.js";
import { PatchError, PatchMissingPathError, PatchTestFailedError } from "./errors.js";

/** The operations Velero accepts (its validator lower-cases the name). */
export const jsonPatchOperations = ["add", "remove", "replace", "move", "copy", "test"] as const;

/** One of {@link jsonPatchOperations}. */
export type JsonPatchOp = (typeof jsonPatchOperations)[number];

/** One JSON Patch operation; `value` is used by add, replace and test, `from` by move and copy. */
export interface JsonPatchOperation {
  readonly op: JsonPatchOp;
  readonly path: string;
  readonly from?: string;
  readonly value?: JsonValue;
}

type Container = JsonObject | JsonValue[];

interface Location {
  readonly container: Container;
  readonly key: string;
}

const rootKey = "root";

/** The reference tokens of `pointer`; throws a PatchError unless it is `""` or starts with `/`. */
export function parsePointer(pointer: string): string[] {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) {
    throw new PatchError(`JSON pointer ${JSON.stringify(pointer)} does not start with "/"`);
  }
  return pointer
    .slice(1)
    .split("/")
    .map((token) => token.replaceAll("~1", "/").replaceAll("~0", "~"));
}

function isContainer(value: JsonValue | undefined): value is Container {
  return typeof value === "object" && value !== null;
}

function child(container: Container, key: string): JsonValue | undefined {
  if (Array.isArray(container)) {
    if (!/^\d+$/.test(key)) return undefined;
    return container[Number(key)];
  }
  return Object.hasOwn(container, key) ? container[key] : undefined;
}

/** The container holding the last token of `path` (the document sits under a holder). */
function locate(holder: JsonObject, path: string, op: string): Location {
  const tokens = [rootKey, ...parsePointer(path)];
  let container: Container = holder;
  for (const token of tokens.slice(0, -1)) {
    const next = child(container, token);
    if (!isContainer(next)) {
      throw new PatchMissingPathError(
        `${op} operation does not apply: doc is missing path: ${JSON.stringify(path)}`,
      );
    }
    container = next;
  }
  return { container, key: tokens[tokens.length - 1] ?? rootKey };
}

function arrayIndex(key: string, length: number, adding: boolean, where: string): number {
  if (adding && key === "-") return length;
  if (!/^-?\d+$/.test(key)) throw new PatchError(`invalid array index ${JSON.stringify(key)}`);
  let index = Number(key);
  if (index < 0) {
    if (index < -length) throw new PatchMissingPathError(`index out of range at ${where}`);
    index += length;
  }
  if (index > length || (!adding && index === length)) {
    throw new PatchMissingPathError(`index out of range at ${where}`);
  }
  return index;
}

function get(holder: JsonObject, path: string, op: string): JsonValue {
  const { container, key } = locate(holder, path, op);
  const value = Array.isArray(container)
    ? container[arrayIndex(key, container.length, false, path)]
    : child(container, key);
  if (value === undefined) {
    throw new PatchMissingPathError(
      `${op} operation does not apply: doc is missing key: ${JSON.stringify(path)}`,
    );
  }
  return value;
}

function add(holder: JsonObject, path: string, value: JsonValue): void {
  const { container, key } = locate(holder, path, "add");
  if (Array.isArray(container)) {
    container.splice(arrayIndex(key, container.length, true, path), 0, value);
  } else {
    container[key] = value;
  }
}

function remove(holder: JsonObject, path: string, op: string): JsonValue {
  const value = get(holder, path, op);
  const { container, key } = locate(holder, path, op);
  if (Array.isArray(container)) container.splice(arrayIndex(key, container.length, false, path), 1);
  else Reflect.deleteProperty(container, key);
  return value;
}

function replace(holder: JsonObject, path: string, value: JsonValue): void {
  get(holder, path, "replace");
  const { container, key } = locate(holder, path, "replace");
  if (Array.isArray(container)) container[arrayIndex(key, container.length, false, path)] = value;
  else container[key] = value;
}

function test(holder: JsonObject, path: string, expected: JsonValue): void {
  const { container, key } = locate(holder, path, "test");
  const actual = Array.isArray(container)
    ? container[arrayIndex(key, container.length, false, path)]
    : child(container, key);
  if (!jsonEqual(actual ?? null, expected)) {
    throw new PatchTestFailedError(
      `testing value ${JSON.stringify(path)} failed: test failed (want ${JSON.stringify(expected)}, have ${JSON.stringify(actual ?? null)})`,
    );
  }
}

function applyOne(holder: JsonObject, operation: JsonPatchOperation): void {
  const { path } = operation;
  const value = operation.value === undefined ? "" : operation.value;
  switch (operation.op) {
    case "add":
      add(holder, path, structuredClone(value));
      break;
    case "remove":
      remove(holder, path, "remove");
      break;
    case "replace":
      replace(holder, path, structuredClone(value));
      break;
    case "move":
      add(holder, path, remove(holder, operation.from ?? "", "move"));
      break;
    case "copy":
      add(holder, path, structuredClone(get(holder, operation.from ?? "", "copy")));
      break;
    case "test":
      test(holder, path, value);
  }
}

/**
 * Applies `operations` in order to a copy of `document` and returns the result. Throws
 * {@link PatchTestFailedError} when a `test` fails, {@link PatchMissingPathError} when a path
 * does not exist, {@link PatchError} otherwise; `document` is never changed.
 */
export function applyJsonPatch(
  document: JsonValue,
  operations: readonly JsonPatchOperation[],
): JsonValue {
  const holder: JsonObject = { [rootKey]: structuredClone(document) };
  for (const operation of operations) applyOne(holder, operation);
  return holder[rootKey] ?? null;
}
