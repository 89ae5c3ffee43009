// Label selectors in the API's query syntax (`a=b,c!=d,e in (f,g),h notin (i),j,!k`): parsing
// with the API's error messages, and matching against an object's labels.
import { ApiError } from "../cluster-api.js";

/** One requirement of a label selector. */
export type LabelRequirement =
  | { readonly op: "in" | "notin"; readonly key: string; readonly values: readonly string[] }
  | { readonly op: "exists" | "!"; readonly key: string };

/** A parsed selector: every requirement must hold. An empty selector matches everything. */
export interface LabelSelector {
  readonly requirements: readonly LabelRequirement[];
}

const TOKEN = /\s*(!=|==|=|\(|\)|,|!|[^\s!=,()]+)/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(text);
    if (match === null) {
      if (text.slice(start).trim() === "") break;
      throw badSelector(text, "unexpected character");
    }
    tokens.push(match[1] ?? "");
  }
  return tokens;
}

function badSelector(text: string, why: string): ApiError {
  return new ApiError(400, "BadRequest", `unable to parse requirement: ${why} in "${text}"`);
}

class Parser {
  private index = 0;
  private readonly tokens: readonly string[];
  private readonly text: string;

  constructor(tokens: readonly string[], text: string) {
    this.tokens = tokens;
    this.text = text;
  }

  parse(): LabelRequirement[] {
    const requirements: LabelRequirement[] = [];
    while (this.index < this.tokens.length) {
      requirements.push(this.requirement());
      const next = this.take();
      if (next !== undefined && next !== ",")
        throw badSelector(this.text, `found '${next}', expected: ','`);
      if (next === "," && this.index >= this.tokens.length)
        throw badSelector(this.text, "found '', expected: identifier after ','");
    }
    return requirements;
  }

  private take(): string | undefined {
    const token = this.tokens[this.index];
    this.index += 1;
    return token;
  }

  private peek(): string | undefined {
    return this.tokens[this.index];
  }

  private requirement(): LabelRequirement {
    if (this.peek() === "!") {
      this.index += 1;
      return { op: "!", key: this.key() };
    }
    const key = this.key();
    const op = this.peek();
    if (op === undefined || op === ",") return { op: "exists", key };
    this.index += 1;
    if (op === "=" || op === "==") return { op: "in", key, values: [this.value()] };
    if (op === "!=") return { op: "notin", key, values: [this.value()] };
    if (op === "in" || op === "notin") return { op, key, values: this.valueSet() };
    throw badSelector(this.text, `found '${op}', expected: in, notin, =, ==, !=`);
  }

  private key(): string {
    const key = this.take();
    if (key === undefined || /^[,()!=]/.test(key)) throw badSelector(this.text, "missing key");
    validateLabelKey(key, this.text);
    return key;
  }

  private value(): string {
    const next = this.peek();
    if (next === undefined || next === ",") return "";
    this.index += 1;
    validateLabelValue(next, this.text);
    return next;
  }

  private valueSet(): string[] {
    if (this.take() !== "(") throw badSelector(this.text, "found '', expected: '('");
    const values: string[] = [];
    for (;;) {
      const token = this.take();
      if (token === ")") return values;
      if (token === undefined) throw badSelector(this.text, "found '', expected: ')'");
      if (token !== ",") values.push(token);
    }
  }
}

const LABEL_NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

function validateLabelKey(key: string, text: string): void {
  const slash = key.lastIndexOf("/");
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (name === "" || name.length > 63 || !LABEL_NAME.test(name)) {
    throw badSelector(text, `invalid label key "${key}"`);
  }
}

function validateLabelValue(value: string, text: string): void {
  if (value.length > 63 || !LABEL_NAME.test(value)) {
    throw badSelector(text, `invalid label value: "${value}"`);
  }
}

/** Parses a label selector string; throws 400 BadRequest {@link ApiError} when malformed. */
export function parseLabelSelector(text: string | undefined): LabelSelector {
  if (text === undefined || text.trim() === "") return { requirements: [] };
  return { requirements: new Parser(tokenize(text), text).parse() };
}

function matchesRequirement(
  req: LabelRequirement,
  labels: Readonly<Record<string, string>>,
): boolean {
  const value = Object.hasOwn(labels, req.key) ? labels[req.key] : undefined;
  switch (req.op) {
    case "exists":
      return value !== undefined;
    case "!":
      return value === undefined;
    case "in":
      return value !== undefined && req.values.includes(value);
    case "notin":
      return value === undefined || !req.values.includes(value);
  }
}

/** True when `labels` satisfy every requirement of `selector`. */
export function matchesLabels(
  selector: LabelSelector,
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  const own = labels ?? {};
  return selector.requirements.every((req) => matchesRequirement(req, own));
}

/** A `metav1.LabelSelector` (`matchLabels`/`matchExpressions`) as a parsed selector. */
export function fromLabelSelectorObject(object: unknown): LabelSelector {
  if (typeof object !== "object" || object === null) return { requirements: [] };
  const { matchLabels, matchExpressions } = object as {
    matchLabels?: Record<string, string>;
    matchExpressions?: { key: string; operator: string; values?: string[] }[];
  };
  const requirements: LabelRequirement[] = Object.entries(matchLabels ?? {}).map(
    ([key, value]) => ({
      op: "in",
      key,
      values: [value],
    }),
  );
  for (const expr of matchExpressions ?? []) {
    const op = expr.operator.toLowerCase();
    if (op === "in" || op === "notin")
      requirements.push({ op, key: expr.key, values: expr.values ?? [] });
    else requirements.push({ op: op === "exists" ? "exists" : "!", key: expr.key });
  }
  return { requirements };
}
