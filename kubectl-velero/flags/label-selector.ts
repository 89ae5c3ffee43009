// Label selector flags: kubectl's selector syntax parsed into a metav1.LabelSelector, and
// Velero's `--or-selector "a=b or c=d"`.
import { InvalidArgumentError } from "commander";
import type {
  LabelSelector as ApiLabelSelector,
  LabelSelectorRequirement,
} from "../../lib/api/index.js";

/** A metav1.LabelSelector. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: {
    key: string;
    operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
    values?: string[];
  }[];
}

const labelKey =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const labelValue = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

/** Parses `app=web,tier!=db,env in (a,b),!legacy,owner` into a LabelSelector. */
export function parseLabelSelector(text: string): LabelSelector {
  const selector: LabelSelector = {};
  for (const term of splitTerms(text)) addTerm(selector, term);
  if (selector.matchLabels === undefined && selector.matchExpressions === undefined) {
    throw new InvalidArgumentError(`"${text}" is not a valid label selector`);
  }
  return selector;
}

/** Commander parser for `--or-selector`: selectors separated by " or ". */
export function parseOrLabelSelectors(text: string): LabelSelector[] {
  return text.split(" or ").map((part) => parseLabelSelector(part.trim()));
}

function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of text) {
    if (ch === "(") depth += 1;
    if (ch === ")") depth -= 1;
    if (ch === "," && depth === 0) {
      terms.push(current.trim());
      current = "";
    } else {
      current += ch;
    }
  }
  if (current.trim() !== "") terms.push(current.trim());
  return terms;
}

function addTerm(selector: LabelSelector, term: string): void {
  const set = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
  if (set !== null) {
    const [, key = "", op, list = ""] = set;
    const values = list.split(",").map((v) => checkValue(v.trim(), term));
    addExpression(selector, {
      key: checkKey(key, term),
      operator: op === "in" ? "In" : "NotIn",
      values,
    });
    return;
  }
  if (term.startsWith("!")) {
    addExpression(selector, {
      key: checkKey(term.slice(1).trim(), term),
      operator: "DoesNotExist",
    });
    return;
  }
  const equality = /^([^=!]+?)\s*(==|=|!=)\s*(.*)$/.exec(term);
  if (equality === null) {
    addExpression(selector, { key: checkKey(term, term), operator: "Exists" });
    return;
  }
  const [, key = "", op, value = ""] = equality;
  if (op === "!=") {
    addExpression(selector, {
      key: checkKey(key, term),
      operator: "NotIn",
      values: [checkValue(value, term)],
    });
    return;
  }
  selector.matchLabels = {
    ...selector.matchLabels,
    [checkKey(key, term)]: checkValue(value, term),
  };
}

function addExpression(
  selector: LabelSelector,
  expression: NonNullable<LabelSelector["matchExpressions"]>[number],
): void {
  selector.matchExpressions = [...(selector.matchExpressions ?? []), expression];
}

function checkKey(key: string, term: string): string {
  if (!labelKey.test(key))
    throw new InvalidArgumentError(`invalid label key "${key}" in "${term}"`);
  return key;
}

function checkValue(value: string, term: string): string {
  if (!labelValue.test(value)) {
    throw new InvalidArgumentError(`invalid label value "${value}" in "${term}"`);
  }
  return value;
}

/**
 * Renders a selector as Kubernetes' `FormatLabelSelector` does: requirements sorted by key,
 * values sorted, `<none>` for an absent or empty selector (`a=1,env in (x,y),!legacy`).
 */
export function formatLabelSelector(selector: ApiLabelSelector | undefined): string {
  if (selector === undefined) return "<none>";
  const parts: { key: string; text: string }[] = Object.entries(selector.matchLabels ?? {}).map(
    ([k, v]) => ({ key: k, text: `${k}=${v}` }),
  );
  for (const e of selector.matchExpressions ?? []) {
    parts.push({ key: e.key, text: formatRequirement(e) });
  }
  parts.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return parts.length === 0 ? "<none>" : parts.map((p) => p.text).join(",");
}

function formatRequirement(e: LabelSelectorRequirement): string {
  const values = [...(e.values ?? [])].sort().join(",");
  switch (e.operator) {
    case "In":
      return `${e.key} in (${values})`;
    case "NotIn":
      return `${e.key} notin (${values})`;
    case "Exists":
      return e.key;
    case "DoesNotExist":
      return `!${e.key}`;
    default:
      return `${e.key} ${e.operator.toLowerCase()} (${values})`;
  }
}
