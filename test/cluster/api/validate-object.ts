// Validation every write runs before storing: name format per kind, label and annotation keys,
// the kind's own rules, and a custom resource's schema; failures become 422 Invalid.
import type { KubeObject } from "../cluster-api.js";
import type { ResourceType } from "../registry/resource-type.js";
import {
  validateAnnotations,
  validateLabels,
  validateName,
} from "../validation/name-validation.js";
import type { NameRule } from "../validation/name-validation.js";
import { validateAgainstSchema } from "../validation/structural-schema.js";
import type { ApiContext, FieldCause } from "./api-context.js";
import { invalid, required } from "./api-errors.js";

/** How `metadata.name` of `type` is validated. */
export function nameRule(type: ResourceType): NameRule {
  if (type.storageKey === "/namespaces") return "label";
  if (type.storageKey === "/services") return "dns1035";
  if (type.group === "rbac.authorization.k8s.io") return "path-segment";
  return "subdomain";
}

function schemaCauses(type: ResourceType, object: KubeObject): FieldCause[] {
  if (type.schema === undefined) return [];
  const { apiVersion: _a, kind: _k, metadata: _m, ...rest } = object;
  return validateAgainstSchema(
    {
      ...type.schema,
      properties: { ...type.schema.properties, apiVersion: {}, kind: {}, metadata: {} },
    },
    rest,
    "",
  );
}

/** Throws 422 Invalid listing every problem of `object` (compared with `old` on updates). */
export function validateObject(
  ctx: ApiContext,
  type: ResourceType,
  object: KubeObject,
  old?: KubeObject,
): void {
  const name = object.metadata.name ?? "";
  const causes: FieldCause[] =
    name === ""
      ? [required("metadata.name", "name or generateName is required")]
      : validateName(name, nameRule(type));
  causes.push(
    ...validateLabels(object.metadata.labels),
    ...validateAnnotations(object.metadata.annotations),
  );
  causes.push(...(ctx.strategies.get(type.storageKey)?.validate?.(object, old, ctx) ?? []));
  causes.push(...schemaCauses(type, object));
  if (causes.length > 0) throw invalid(type, name, causes);
}
