// Kubernetes label-selector matching, as krew applies it to `{os, arch}`.
import type { PlatformSelector, SelectorExpression } from "./krew-manifest.js";

type Operator = (value: string | undefined, values: readonly string[]) => boolean;

const operators: Readonly<Record<string, Operator>> = {
  In: (value, values) => value !== undefined && values.includes(value),
  NotIn: (value, values) => value === undefined || !values.includes(value),
  Exists: (value) => value !== undefined,
  DoesNotExist: (value) => value === undefined,
};

function matchesExpression(expr: SelectorExpression, labels: Record<string, string>): boolean {
  const operator = operators[expr.operator ?? ""];
  return operator !== undefined && operator(labels[expr.key ?? ""], expr.values ?? []);
}

/** True when the selector selects the labels (an unknown operator never matches). */
export function selectorMatches(
  selector: PlatformSelector | null | undefined,
  labels: Record<string, string>,
): boolean {
  if (selector === null || selector === undefined) return false;
  const matchLabels = Object.entries(selector.matchLabels ?? {});
  const expressions = selector.matchExpressions ?? [];
  return (
    matchLabels.every(([key, value]) => labels[key] === value) &&
    expressions.every((expr) => matchesExpression(expr, labels))
  );
}
