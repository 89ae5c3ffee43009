// Label selector matching as the API defines it: `matchLabels` and `matchExpressions`
// (In, NotIn, Exists, DoesNotExist) for workload selectors, plus Gt/Lt for node selectors.
import type { LabelSelector } from "./kube-types.js";

/** One requirement of a label or node selector. */
export interface SelectorRequirement {
  readonly key: string;
  readonly operator: string;
  readonly values?: readonly string[];
}

/**
 * True when `labels` satisfy `requirement`. Unknown operators never match, as the API would
 * have rejected them at validation.
 */
export function matchesRequirement(
  requirement: SelectorRequirement,
  labels: Readonly<Record<string, string>>,
): boolean {
  const value = labels[requirement.key];
  const values = requirement.values ?? [];
  switch (requirement.operator) {
    case "In":
      return value !== undefined && values.includes(value);
    case "NotIn":
      return value === undefined || !values.includes(value);
    case "Exists":
      return value !== undefined;
    case "DoesNotExist":
      return value === undefined;
    case "Gt":
    case "Lt":
      return compareNumeric(requirement.operator, value, values[0]);
    default:
      return false;
  }
}

function compareNumeric(operator: "Gt" | "Lt", value?: string, bound?: string): boolean {
  if (value === undefined || bound === undefined) return false;
  const left = Number.parseInt(value, 10);
  const right = Number.parseInt(bound, 10);
  if (Number.isNaN(left) || Number.isNaN(right)) return false;
  return operator === "Gt" ? left > right : left < right;
}

/**
 * True when `labels` match a `LabelSelector`. An empty selector matches everything and a
 * missing one (`undefined`) matches nothing, as for workload controllers.
 */
export function matchesLabelSelector(
  selector: LabelSelector | undefined,
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  if (selector === undefined) return false;
  const actual = labels ?? {};
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (actual[key] !== value) return false;
  }
  return (selector.matchExpressions ?? []).every((r) => matchesRequirement(r, actual));
}

/** True when every `key: value` of `selector` (a Service's or a nodeSelector's map) is in `labels`. */
export function matchesSelectorMap(
  selector: Readonly<Record<string, string>>,
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  const actual = labels ?? {};
  return Object.entries(selector).every(([key, value]) => actual[key] === value);
}
