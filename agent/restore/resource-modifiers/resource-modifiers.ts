// A restore's resource modifier rules applied to one item as Velero's restoreItem does after
// the restore item actions: each rule whose conditions match (checked against the item as it
// was before any rule changed it) patches the item; failures become the item's errors.
import type { KubeObject } from "../../../lib/kube/index.js";
import { parseApiVersion } from "../../../lib/kube/index.js";
import type { Logger } from "../../../lib/log.js";
import { errorMessage } from "../../../lib/errors.js";
import { matchesLabelSelector } from "../../filters/index.js";
import type { JsonObject } from "../json-merge-patch.js";
import { decodeResourceModifiers } from "./config-decoder.js";
import { PatchError, PatchMissingPathError, PatchTestFailedError } from "./errors.js";
import { applyJsonPatch } from "./json-patch.js";
import { applyMergePatch } from "./merge-patch.js";
import { compileRules, type CompiledRule, type RulePatches } from "./modifier-rules.js";
import { schemaFor } from "./patch-schema.js";
import { applyStrategicMergePatch } from "./strategic-merge-patch.js";

/** A validated modifier configuration (Velero's `ResourceModifiers`). */
export class ResourceModifiers {
  readonly rules: readonly CompiledRule[];

  constructor(rules: readonly CompiledRule[]) {
    this.rules = rules;
  }

  /**
   * Parses and validates a modifier document (YAML or JSON). Throws a
   * ResourceModifierConfigError whose `stage` is `parse` or `validate`.
   */
  static parse(source: string): ResourceModifiers {
    return new ResourceModifiers(compileRules(decodeResourceModifiers(source)));
  }

  /**
   * Applies every matching rule, in order, to `item` (changed in place) of `groupResource`
   * (`pods`, `deployments.apps`). The item's namespace is still the backed-up one. Every
   * rule's conditions see the item as it was before the first patch (copied only then).
   * Returns the error messages (a rule that fails leaves the item as the previous left it).
   */
  apply(item: KubeObject, groupResource: string, log: Logger): string[] {
    const errors: string[] = [];
    let origin = item;
    for (const rule of this.rules) {
      let matched: boolean;
      try {
        matched = matches(rule, origin, groupResource, log);
      } catch (error) {
        errors.push(errorMessage(error));
        continue;
      }
      if (!matched) continue;
      const metadata = origin.metadata ?? {};
      log.info(
        `Applying resource modifier patch on ${metadata.namespace ?? ""}/${metadata.name ?? ""}`,
      );
      if (origin === item && this.rules.length > 1) origin = structuredClone(item);
      try {
        replaceContent(item, patchItem(rule.patches, item, log));
      } catch (error) {
        errors.push(`error in applying patch ${errorMessage(error)}`);
      }
    }
    return errors;
  }
}

function matches(rule: CompiledRule, item: KubeObject, groupResource: string, log: Logger) {
  return selects(rule, item, groupResource) && matchesValues(rule, item, log);
}

function selects(rule: CompiledRule, item: KubeObject, groupResource: string): boolean {
  const metadata = item.metadata ?? {};
  const namespace = metadata.namespace ?? "";
  if (namespace !== "" && !rule.namespaces.shouldInclude(namespace)) return false;
  if (!rule.groupResource.test(groupResource)) return false;
  if (rule.nameRegex !== undefined && !rule.nameRegex.test(metadata.name ?? "")) return false;
  return (
    rule.labelSelector === undefined || matchesLabelSelector(metadata.labels, rule.labelSelector)
  );
}

function matchesValues(rule: CompiledRule, item: KubeObject, log: Logger): boolean {
  if (rule.matches.length === 0) return true;
  try {
    applyJsonPatch(item as JsonObject, rule.matches);
    return true;
  } catch (error) {
    if (!(error instanceof PatchTestFailedError || error instanceof PatchMissingPathError)) {
      throw error;
    }
    log.info("Conditions do not match, skip it");
    return false;
  }
}

function patchItem(patches: RulePatches, item: KubeObject, log: Logger): JsonObject {
  const document = item as JsonObject;
  switch (patches.kind) {
    case "json":
      return jsonPatched(document, patches.operations, log);
    case "merge":
      return patches.patches.reduce<JsonObject>(
        (current, patch) => applyMergePatch(current, patch) as JsonObject,
        document,
      );
    case "strategic":
      return strategicPatched(document, patches.patches);
    case "none":
      throw new PatchError("no patch data found");
  }
}

function jsonPatched(
  document: JsonObject,
  operations: Parameters<typeof applyJsonPatch>[1],
  log: Logger,
): JsonObject {
  try {
    return applyJsonPatch(document, operations) as JsonObject;
  } catch (error) {
    if (error instanceof PatchTestFailedError) {
      log.info(`Test operation failed for JSON Patch ${error.message}`);
      return document;
    }
    throw new PatchError(`error in applying JSON Patch ${errorMessage(error)}`);
  }
}

function strategicPatched(document: JsonObject, patches: readonly JsonObject[]): JsonObject {
  const apiVersion = typeof document["apiVersion"] === "string" ? document["apiVersion"] : "";
  const kind = typeof document["kind"] === "string" ? document["kind"] : "";
  const schema = schemaFor(parseApiVersion(apiVersion).group, kind);
  if (schema === undefined) {
    throw new PatchError(
      `no kind ${JSON.stringify(kind)} is registered for version ${JSON.stringify(apiVersion)}: strategic merge patches apply to built-in Kubernetes kinds only`,
    );
  }
  try {
    return patches.reduce(
      (current, patch) => applyStrategicMergePatch(current, patch, schema),
      document,
    );
  } catch (error) {
    throw new PatchError(`error in applying Strategic Patch ${errorMessage(error)}`);
  }
}

function replaceContent(item: KubeObject, updated: JsonObject): void {
  if (updated === (item as JsonObject)) return;
  for (const key of Object.keys(item)) Reflect.deleteProperty(item, key);
  Object.assign(item, updated);
}
