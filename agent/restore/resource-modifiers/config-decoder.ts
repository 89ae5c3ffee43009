// Strict decoding of the resource modifier document (YAML or JSON) into plain typed records,
// as Velero's yaml.UnmarshalStrict does: unknown fields, duplicate keys and wrong types are
// errors, and scalars read into text fields become their text.
import { parse } from "yaml";
import { errorMessage } from "../../../lib/errors.js";
import { ResourceModifierConfigError } from "./errors.js";

/** A `conditions.matches` entry. */
export interface MatchRuleDoc {
  readonly path: string;
  readonly value: unknown;
}

/** A `patches` entry (values stay as parsed; see patch-value.ts). */
export interface JsonPatchDoc {
  readonly operation: string;
  readonly from: string;
  readonly path: string;
  readonly value: unknown;
}

/** A `metav1.LabelSelector` as written in the rule. */
export interface LabelSelectorDoc {
  readonly matchLabels?: Record<string, string>;
  readonly matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** A rule's `conditions`. */
export interface ConditionsDoc {
  readonly groupResource: string;
  readonly namespaces: readonly string[];
  readonly resourceNameRegex: string;
  readonly labelSelector?: LabelSelectorDoc;
  readonly matches: readonly MatchRuleDoc[];
}

/** One `resourceModifierRules` entry. */
export interface RuleDoc {
  readonly conditions: ConditionsDoc;
  readonly patches: readonly JsonPatchDoc[];
  readonly mergePatches: readonly string[];
  readonly strategicPatches: readonly string[];
}

/** The whole document. */
export interface ResourceModifiersDoc {
  readonly version: string;
  readonly rules: readonly RuleDoc[];
}

type Fields = Record<string, unknown>;

function fail(message: string): never {
  throw new ResourceModifierConfigError(
    "parse",
    `failed to decode yaml data into resource modifiers, err: ${message}`,
  );
}

function record(value: unknown, where: string, allowed: readonly string[]): Fields {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) fail(`${where} must be an object`);
  const fields = value as Fields;
  for (const key of Object.keys(fields)) {
    if (!allowed.includes(key)) fail(`unknown field ${JSON.stringify(key)} in ${where}`);
  }
  return fields;
}

function text(value: unknown, where: string): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return fail(`${where} must be a string`);
}

function list(value: unknown, where: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) fail(`${where} must be a list`);
  return value;
}

function texts(value: unknown, where: string): string[] {
  return list(value, where).map((v, i) => text(v, `${where}[${String(i)}]`));
}

function labelSelector(value: unknown, where: string): LabelSelectorDoc | undefined {
  if (value === undefined || value === null) return undefined;
  const fields = record(value, where, ["matchLabels", "matchExpressions"]);
  const labels = record(
    fields["matchLabels"],
    `${where}.matchLabels`,
    Object.keys(fields["matchLabels"] ?? {}),
  );
  const matchLabels = Object.fromEntries(
    Object.entries(labels).map(([k, v]) => [k, text(v, `${where}.matchLabels.${k}`)]),
  );
  const matchExpressions = list(fields["matchExpressions"], `${where}.matchExpressions`).map(
    (e, i) => {
      const at = `${where}.matchExpressions[${String(i)}]`;
      const expression = record(e, at, ["key", "operator", "values"]);
      return {
        key: text(expression["key"], `${at}.key`),
        operator: text(expression["operator"], `${at}.operator`),
        values: texts(expression["values"], `${at}.values`),
      };
    },
  );
  return { matchLabels, matchExpressions };
}

function conditions(value: unknown, where: string): ConditionsDoc {
  const fields = record(value, where, [
    "groupResource",
    "namespaces",
    "resourceNameRegex",
    "labelSelector",
    "matches",
  ]);
  const matches = list(fields["matches"], `${where}.matches`).map((m, i) => {
    const at = `${where}.matches[${String(i)}]`;
    const match = record(m, at, ["path", "value"]);
    return { path: text(match["path"], `${at}.path`), value: match["value"] };
  });
  const selector = labelSelector(fields["labelSelector"], `${where}.labelSelector`);
  return {
    groupResource: text(fields["groupResource"], `${where}.groupResource`),
    namespaces: texts(fields["namespaces"], `${where}.namespaces`),
    resourceNameRegex: text(fields["resourceNameRegex"], `${where}.resourceNameRegex`),
    ...(selector === undefined ? {} : { labelSelector: selector }),
    matches,
  };
}

function jsonPatch(value: unknown, where: string): JsonPatchDoc {
  const fields = record(value, where, ["operation", "from", "path", "value"]);
  return {
    operation: text(fields["operation"], `${where}.operation`),
    from: text(fields["from"], `${where}.from`),
    path: text(fields["path"], `${where}.path`),
    value: fields["value"],
  };
}

function patchData(value: unknown, where: string): string {
  return text(record(value, where, ["patchData"])["patchData"], `${where}.patchData`);
}

function rule(value: unknown, where: string): RuleDoc {
  const fields = record(value, where, [
    "conditions",
    "patches",
    "mergePatches",
    "strategicPatches",
  ]);
  const each = <T>(key: string, read: (v: unknown, at: string) => T): T[] =>
    list(fields[key], `${where}.${key}`).map((v, i) => read(v, `${where}.${key}[${String(i)}]`));
  return {
    conditions: conditions(fields["conditions"], `${where}.conditions`),
    patches: each("patches", jsonPatch),
    mergePatches: each("mergePatches", patchData),
    strategicPatches: each("strategicPatches", patchData),
  };
}

/** Decodes the document; throws a parse-stage ResourceModifierConfigError. */
export function decodeResourceModifiers(source: string): ResourceModifiersDoc {
  let parsed: unknown;
  try {
    parsed = parse(source);
  } catch (error) {
    fail(errorMessage(error));
  }
  const fields = record(parsed, "the document", ["version", "resourceModifierRules"]);
  return {
    version: text(fields["version"], "version"),
    rules: list(fields["resourceModifierRules"], "resourceModifierRules").map((r, i) =>
      rule(r, `resourceModifierRules[${String(i)}]`),
    ),
  };
}
