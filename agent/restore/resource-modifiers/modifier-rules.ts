// Turns the decoded modifier document into compiled rules, with Velero's validation messages
// first (version, empty rules, groupResource, one patch kind, JSON Patch operations) and then
// this agent's checks of what would otherwise fail on every matching item (globs, regexes,
// label selectors, pointers, values and patch data that do not parse).
import { parse } from "yaml";
import type { LabelSelector } from "../../../lib/api/index.js";
import { errorMessage } from "../../../lib/errors.js";
import { IncludesExcludes } from "../../filters/index.js";
import type { JsonObject } from "../json-merge-patch.js";
import type { JsonPatchDoc, ResourceModifiersDoc, RuleDoc } from "./config-decoder.js";
import { ResourceModifierConfigError } from "./errors.js";
import { compileGroupResourceGlob } from "./group-resource-glob.js";
import { jsonPatchOperations, parsePointer, type JsonPatchOperation } from "./json-patch.js";
import { patchValueFromYaml } from "./patch-value.js";
import { checkStrategicDirectives } from "./strategic-directives.js";

/** The patches of a rule: one kind per rule (Velero's rule). */
export type RulePatches =
  | { readonly kind: "json"; readonly operations: readonly JsonPatchOperation[] }
  | { readonly kind: "merge"; readonly patches: readonly JsonObject[] }
  | { readonly kind: "strategic"; readonly patches: readonly JsonObject[] }
  | { readonly kind: "none" };

/** A validated rule, ready to match items. */
export interface CompiledRule {
  readonly groupResource: RegExp;
  readonly namespaces: IncludesExcludes;
  readonly nameRegex?: RegExp;
  readonly labelSelector?: LabelSelector;
  /** The `matches` as JSON Patch `test` operations. */
  readonly matches: readonly JsonPatchOperation[];
  readonly patches: RulePatches;
}

function invalid(message: string): never {
  throw new ResourceModifierConfigError("validate", message);
}

function check<T>(where: string, compile: () => T): T {
  try {
    return compile();
  } catch (error) {
    if (error instanceof ResourceModifierConfigError) throw error;
    return invalid(`${where}: ${errorMessage(error)}`);
  }
}

/** Velero's ResourceModifiers.Validate, in its order and with its words. */
function veleroValidate(doc: ResourceModifiersDoc): void {
  if (doc.version.toLowerCase() !== "v1")
    invalid(`unsupported resource modifier version ${doc.version}`);
  if (doc.rules.length === 0) invalid("resource modifier rules cannot be empty");
  for (const rule of doc.rules) {
    if (rule.conditions.groupResource === "") invalid("groupkResource cannot be empty");
    const kinds = [rule.patches, rule.mergePatches, rule.strategicPatches].filter(
      (p) => p.length > 0,
    );
    if (kinds.length >= 2) {
      invalid("only one of patches, mergePatches, strategicPatches can be specified");
    }
    for (const patch of rule.patches) {
      if (patch.operation === "") invalid("operation cannot be empty");
      if (!(jsonPatchOperations as readonly string[]).includes(patch.operation.toLowerCase())) {
        invalid(`unsupported operation ${patch.operation}`);
      }
      if (patch.path === "") invalid("path cannot be empty");
    }
  }
}

/** Compiles Velero's regexp syntax: a leading `(?flags)` group becomes RegExp flags. */
function compileRegex(source: string): RegExp {
  const flags = /^\(\?([imsU]+)\)/.exec(source);
  if (flags === null) return new RegExp(source);
  const supported = (flags[1] ?? "").replace(/[^ims]/g, "");
  return new RegExp(source.slice(flags[0].length), supported);
}

function checkSelector(selector: LabelSelector, where: string): void {
  for (const e of selector.matchExpressions ?? []) {
    const values = e.values ?? [];
    if (e.operator === "In" || e.operator === "NotIn") {
      if (values.length === 0)
        invalid(`${where}: values must be non-empty for operator ${e.operator}`);
    } else if (e.operator === "Exists" || e.operator === "DoesNotExist") {
      if (values.length > 0) invalid(`${where}: values must be empty for operator ${e.operator}`);
    } else {
      invalid(`${where}: ${JSON.stringify(e.operator)} is not a valid label selector operator`);
    }
  }
}

function jsonOperation(patch: JsonPatchDoc, where: string): JsonPatchOperation {
  const op = patch.operation.toLowerCase() as JsonPatchOperation["op"];
  parsePointer(patch.path);
  if (op === "move" || op === "copy") {
    if (patch.from === "") invalid(`${where}: from cannot be empty for operation ${op}`);
    parsePointer(patch.from);
    return { op, path: patch.path, from: patch.from };
  }
  return { op, path: patch.path, value: patchValueFromYaml(patch.value) };
}

function patchObject(data: string, where: string): JsonObject {
  const parsed: unknown = parse(data);
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    invalid(`${where}: patchData must be a JSON or YAML object`);
  }
  return parsed as JsonObject;
}

function compilePatches(rule: RuleDoc, where: string): RulePatches {
  if (rule.patches.length > 0) {
    const operations = rule.patches.map((p, i) =>
      check(`${where}.patches[${String(i)}]`, () =>
        jsonOperation(p, `${where}.patches[${String(i)}]`),
      ),
    );
    return { kind: "json", operations };
  }
  if (rule.mergePatches.length > 0) {
    const patches = rule.mergePatches.map((d, i) => {
      const at = `${where}.mergePatches[${String(i)}]`;
      return check(at, () => patchObject(d, at));
    });
    return { kind: "merge", patches };
  }
  if (rule.strategicPatches.length > 0) {
    const patches = rule.strategicPatches.map((d, i) => {
      const at = `${where}.strategicPatches[${String(i)}]`;
      return check(at, () => checkStrategicDirectives(patchObject(d, at)));
    });
    return { kind: "strategic", patches };
  }
  return { kind: "none" };
}

function compileRule(rule: RuleDoc, where: string): CompiledRule {
  const c = rule.conditions;
  const groupResource = check(`${where}.conditions.groupResource`, () =>
    compileGroupResourceGlob(c.groupResource),
  );
  const nameRegex =
    c.resourceNameRegex === ""
      ? undefined
      : check(`${where}.conditions.resourceNameRegex`, () => compileRegex(c.resourceNameRegex));
  if (c.labelSelector !== undefined)
    checkSelector(c.labelSelector, `${where}.conditions.labelSelector`);
  const matches = c.matches.map((m, i) => {
    const at = `${where}.conditions.matches[${String(i)}]`;
    if (m.path === "") invalid(`${at}: path is required for match rule`);
    return check(at, () => {
      parsePointer(m.path);
      return { op: "test" as const, path: m.path, value: patchValueFromYaml(m.value) };
    });
  });
  return {
    groupResource,
    namespaces: new IncludesExcludes(c.namespaces),
    ...(nameRegex === undefined ? {} : { nameRegex }),
    ...(c.labelSelector === undefined ? {} : { labelSelector: c.labelSelector }),
    matches,
    patches: compilePatches(rule, where),
  };
}

/** Validates and compiles `doc`; throws a validate-stage ResourceModifierConfigError. */
export function compileRules(doc: ResourceModifiersDoc): CompiledRule[] {
  veleroValidate(doc);
  return doc.rules.map((rule, i) => compileRule(rule, `resourceModifierRules[${String(i)}]`));
}
