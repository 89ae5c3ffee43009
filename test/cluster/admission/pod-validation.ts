// Validation of pod specs and label selectors shared by pods and every workload kind, with the
// real API server's field paths and messages.
import { isDeepStrictEqual } from "node:util";
import type { FieldCause } from "../api/api-context.js";
import { forbiddenField, invalidValue, notSupported, required } from "../api/api-errors.js";
import { fromLabelSelectorObject, matchesLabels } from "../selectors/label-selector.js";
import { nameProblems } from "../validation/name-validation.js";
import { isJson, itemsAt, text } from "./defaults.js";
import type { Json } from "./defaults.js";

function containerCauses(container: Json, path: string, seen: Set<string>): FieldCause[] {
  const causes: FieldCause[] = [];
  const name = container["name"];
  if (typeof name !== "string" || name === "") causes.push(required(`${path}.name`));
  else {
    for (const problem of nameProblems(name, "label"))
      causes.push(invalidValue(`${path}.name`, name, problem));
    if (seen.has(name))
      causes.push({
        field: `${path}.name`,
        reason: "FieldValueDuplicate",
        message: `Duplicate value: "${name}"`,
      });
    seen.add(name);
  }
  if (typeof container["image"] !== "string" || container["image"] === "")
    causes.push(required(`${path}.image`));
  return causes;
}

function volumeCauses(spec: Json, path: string): FieldCause[] {
  const names = new Set<string>();
  const causes: FieldCause[] = [];
  itemsAt(spec, "volumes").forEach((volume, i) => {
    const name = volume["name"];
    if (typeof name !== "string" || name === "")
      causes.push(required(`${path}.volumes[${i}].name`));
    else if (names.has(name))
      causes.push({
        field: `${path}.volumes[${i}].name`,
        reason: "FieldValueDuplicate",
        message: `Duplicate value: "${name}"`,
      });
    else names.add(name);
  });
  for (const key of ["containers", "initContainers"]) {
    itemsAt(spec, key).forEach((container, i) => {
      itemsAt(container, "volumeMounts").forEach((mount, j) => {
        if (typeof mount["name"] === "string" && !names.has(mount["name"])) {
          causes.push({
            field: `${path}.${key}[${i}].volumeMounts[${j}].name`,
            reason: "FieldValueNotFound",
            message: `Not found: "${mount["name"]}"`,
          });
        }
      });
    });
  }
  return causes;
}

/** Errors of a PodSpec at `path` (`spec`, `spec.template.spec`). */
export function podSpecCauses(
  spec: unknown,
  path: string,
  restartPolicies?: readonly string[],
): FieldCause[] {
  if (!isJson(spec)) return [required(`${path}.containers`)];
  const causes: FieldCause[] = [];
  const containers = itemsAt(spec, "containers");
  if (containers.length === 0) causes.push(required(`${path}.containers`));
  const seen = new Set<string>();
  containers.forEach((c, i) =>
    causes.push(...containerCauses(c, `${path}.containers[${i}]`, seen)),
  );
  itemsAt(spec, "initContainers").forEach((c, i) =>
    causes.push(...containerCauses(c, `${path}.initContainers[${i}]`, seen)),
  );
  causes.push(...volumeCauses(spec, path));
  const policy = spec["restartPolicy"];
  const allowed = restartPolicies ?? ["Always", "OnFailure", "Never"];
  if (policy !== undefined && !allowed.includes(text(policy)))
    causes.push(notSupported(`${path}.restartPolicy`, policy, allowed));
  return causes;
}

function goMap(labels: Record<string, unknown>): string {
  const entries = Object.entries(labels).map(
    ([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`,
  );
  return `map[string]string{${entries.join(", ")}}`;
}

/** Errors of a workload's selector and template labels (`spec.selector`, `spec.template`). */
export function selectorCauses(spec: Json, required_: boolean): FieldCause[] {
  const selector = spec["selector"];
  if (!isJson(selector)) return required_ ? [required("spec.selector")] : [];
  const parsed = fromLabelSelectorObject(selector);
  if (parsed.requirements.length === 0) {
    return [
      invalidValue(
        "spec.selector",
        "v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}",
        "empty selector is invalid for deployment",
      ),
    ];
  }
  const template = isJson(spec["template"]) ? spec["template"] : {};
  const labels =
    isJson(template["metadata"]) && isJson(template["metadata"]["labels"])
      ? template["metadata"]["labels"]
      : {};
  if (matchesLabels(parsed, labels as Record<string, string>)) return [];
  return [
    {
      field: "spec.template.metadata.labels",
      reason: "FieldValueInvalid",
      message: `Invalid value: ${goMap(labels)}: \`selector\` does not match template \`labels\``,
    },
  ];
}

/** A cause when `field` changed between `old` and `now` although it is immutable. */
export function immutable(field: string, now: unknown, old: unknown): FieldCause[] {
  if (isDeepStrictEqual(now, old)) return [];
  return [
    {
      field,
      reason: "FieldValueInvalid",
      message: `Invalid value: ${JSON.stringify(now)}: field is immutable`,
    },
  ];
}

/** A cause for a field that must not be set. */
export function mustNotSet(field: string, detail: string): FieldCause {
  return forbiddenField(field, detail);
}
