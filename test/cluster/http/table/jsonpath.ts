// The JSONPath subset CRD printer columns use: `.a.b`, `[0]`, `[*]`, `['key']` and filters
// like `[?(@.type=="Ready")]`, returning every matched value.

type Step =
  | { readonly kind: "field"; readonly name: string }
  | { readonly kind: "index"; readonly index: number }
  | { readonly kind: "all" }
  | {
      readonly kind: "filter";
      readonly path: readonly string[];
      readonly op: "==" | "!=";
      readonly value: string;
    };

const FILTER = /^\?\(@((?:\.[\w-]+)+)\s*(==|!=)\s*["']?(.*?)["']?\)$/;

function bracket(inner: string): Step {
  if (inner === "*") return { kind: "all" };
  if (/^-?\d+$/.test(inner)) return { kind: "index", index: Number(inner) };
  const filter = FILTER.exec(inner);
  if (filter !== null) {
    return {
      kind: "filter",
      path: (filter[1] ?? "").slice(1).split("."),
      op: filter[2] === "!=" ? "!=" : "==",
      value: filter[3] ?? "",
    };
  }
  return { kind: "field", name: inner.replace(/^['"]|['"]$/g, "") };
}

/** Parses `.status.conditions[?(@.type=="Ready")].status` (braces and leading `$` optional). */
export function parseJsonPath(path: string): Step[] {
  const text = path
    .trim()
    .replace(/^\{(.*)\}$/, "$1")
    .replace(/^\$/, "");
  const steps: Step[] = [];
  const token = /\.([\w-]+)|\[([^\]]*)\]/gy;
  let match: RegExpExecArray | null;
  while ((match = token.exec(text)) !== null) {
    steps.push(
      match[1] !== undefined ? { kind: "field", name: match[1] } : bracket(match[2] ?? ""),
    );
  }
  return steps;
}

function child(value: unknown, name: string): unknown {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[name]
    : undefined;
}

function follow(value: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((current, name) => child(current, name), value);
}

function text(value: unknown): string {
  if (value === undefined || value === null) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}

function indexValue(value: unknown, index: number): unknown[] {
  if (!Array.isArray(value)) return [];
  const item: unknown = value[index < 0 ? value.length + index : index];
  return item === undefined ? [] : [item];
}

function filterValues(value: unknown, step: Extract<Step, { kind: "filter" }>): unknown[] {
  if (!Array.isArray(value)) return [];
  return (value as unknown[]).filter(
    (item) => (text(follow(item, step.path)) === step.value) === (step.op === "=="),
  );
}

function stepValues(value: unknown, step: Step): unknown[] {
  switch (step.kind) {
    case "field": {
      const next = child(value, step.name);
      return next === undefined ? [] : [next];
    }
    case "index":
      return indexValue(value, step.index);
    case "all":
      return Array.isArray(value) ? (value as unknown[]) : [];
    case "filter":
      return filterValues(value, step);
  }
}

/** Every value `path` selects in `root`. */
export function evaluateJsonPath(root: unknown, path: string): unknown[] {
  let current: unknown[] = [root];
  for (const step of parseJsonPath(path))
    current = current.flatMap((value) => stepValues(value, step));
  return current;
}
