// How Velero reads the `value` of a JSON Patch operation or a `matches` rule, which its
// ConfigMap holds as text: quoted text is a string, null/true/false/numbers/JSON objects and
// arrays are JSON, anything else is a string.
import type { JsonValue } from "../json-merge-patch.js";
import { PatchError } from "./errors.js";

const jsonNumber = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * The JSON value `text` stands for, by Velero's rule: `""` and `"\"x\""` are strings (without
 * the quotes), `null`, `true`/`false` (any case) and numbers are JSON, text starting with `{`
 * or `[` is parsed as JSON (a PatchError when it is not), anything else is the string itself.
 */
export function patchValueFromText(text: string): JsonValue {
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) return text.slice(1, -1);
  if (text === "") return "";
  if (text.startsWith("{") || text.startsWith("[")) return parseJson(text);
  const value = literal(text);
  return value === undefined ? text : value;
}

function parseJson(text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch (error) {
    throw new PatchError(`value ${text} is not valid JSON: ${(error as Error).message}`);
  }
}

function literal(text: string): JsonValue | undefined {
  if (text === "null") return null;
  const lower = text.toLowerCase();
  if (lower === "true" || lower === "false") return lower === "true";
  const trimmed = text.trim();
  return jsonNumber.test(trimmed) ? Number(trimmed) : undefined;
}

/**
 * The value of a `value` field as parsed from the ConfigMap's YAML: scalars are read as
 * their text (Velero decodes the field into a string), absent or null as `""`, and objects or
 * arrays (which Velero rejects) are taken as the JSON value they are.
 */
export function patchValueFromYaml(value: unknown): JsonValue {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return patchValueFromText(value);
  if (typeof value === "number" || typeof value === "boolean") return value;
  return structuredClone(value) as JsonValue;
}
