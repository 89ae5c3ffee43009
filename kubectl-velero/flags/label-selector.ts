// Label selector flags: kubectl's selector syntax parsed into a metav1.LabelSelector, and
// Velero's `--or-selector "a=b or c=d"`.
import { InvalidArgumentError } from "commander";

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

/** Renders a selector back to kubectl syntax (for tables): `app=web,env in (a,b)`. */
export function formatLabelSelector(selector: LabelSelector | undefined): string {
  if (selector === undefined) return "<none>";
  const parts = Object.entries(selector.matchLabels ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`);
  for (const e of selector.matchExpressions ?? []) {
    const values = (e.values ?? []).join(",");
    if (e.operator === "In") parts.push(`${e.key} in (${values})`);
    else if (e.operator === "NotIn") parts.push(`${e.key} notin (${values})`);
    else if (e.operator === "Exists") parts.push(e.key);
    else parts.push(`!${e.key}`);
  }
  return parts.length === 0 ? "<none>" : parts.join(",");
}
