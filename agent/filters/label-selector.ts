// metav1.LabelSelector as query text (for list calls) and as a local predicate (for items read
// from a backup archive, where no server filters them).
import type { LabelSelector } from "../../lib/api/index.js";

/** The selector as the API's `labelSelector` query parameter (`a=b,c in (d,e),!f`). */
export function labelSelectorToQuery(selector: LabelSelector | undefined): string | undefined {
  if (selector === undefined) return undefined;
  const terms = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of selector.matchExpressions ?? []) {
    const values = (e.values ?? []).join(",");
    if (e.operator === "In") terms.push(`${e.key} in (${values})`);
    else if (e.operator === "NotIn") terms.push(`${e.key} notin (${values})`);
    else if (e.operator === "Exists") terms.push(e.key);
    else if (e.operator === "DoesNotExist") terms.push(`!${e.key}`);
    else throw new Error(`unknown label selector operator "${e.operator}"`);
  }
  return terms.join(",");
}

/** True when `labels` satisfy every term of `selector` (an empty selector matches all). */
export function matchesLabelSelector(
  labels: Readonly<Record<string, string>> | undefined,
  selector: LabelSelector | undefined,
): boolean {
  if (selector === undefined) return true;
  const have = labels ?? {};
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (have[key] !== value) return false;
  }
  return (selector.matchExpressions ?? []).every((e) => {
    const value = have[e.key];
    switch (e.operator) {
      case "In":
        return value !== undefined && (e.values ?? []).includes(value);
      case "NotIn":
        return value === undefined || !(e.values ?? []).includes(value);
      case "Exists":
        return value !== undefined;
      case "DoesNotExist":
        return value === undefined;
      default:
        return false;
    }
  });
}

/** True when any of `selectors` matches (Velero's orLabelSelectors). */
export function matchesAnyLabelSelector(
  labels: Readonly<Record<string, string>> | undefined,
  selectors: readonly LabelSelector[],
): boolean {
  return selectors.some((s) => matchesLabelSelector(labels, s));
}
