// Velero's checks of include/exclude lists (namespaces and resources), with its messages,
// applied before anything is sent to the cluster.
import { UsageError } from "../errors.js";
import { labelProblem } from "./resource-name.js";

/** Problems with an include/exclude pair, as Velero's `ValidateIncludesExcludes` words them. */
export function includeExcludeProblems(
  includes: readonly string[],
  excludes: readonly string[],
): string[] {
  const problems: string[] = [];
  const included = new Set(includes);
  const excluded = new Set(excludes);
  if (included.size > 1 && included.has("*")) {
    problems.push("includes list must either contain '*' only, or a non-empty list of items");
  }
  if (excluded.has("*")) problems.push("excludes list cannot contain '*'");
  for (const item of [...excluded].sort()) {
    if (included.has(item)) {
      problems.push(`excludes list cannot contain an item in the includes list: ${item}`);
    }
  }
  return problems;
}

/**
 * Problems with the new cluster- or namespace-scoped resource filters (Velero's
 * `ValidateScopedIncludesExcludes`): there `*` may be excluded, but then nothing included.
 */
export function scopedIncludeExcludeProblems(
  includes: readonly string[],
  excludes: readonly string[],
): string[] {
  const problems: string[] = [];
  const included = new Set(includes);
  const excluded = new Set(excludes);
  if (included.size > 1 && included.has("*")) {
    problems.push("includes list must either contain '*' only, or a non-empty list of items");
  }
  if (excluded.size > 1 && excluded.has("*")) {
    problems.push("excludes list must either contain '*' only, or a non-empty list of items");
  }
  if (included.size > 0 && excluded.has("*")) {
    problems.push("when exclude is '*', include cannot have value");
  }
  for (const item of [...excluded].sort()) {
    if (included.has(item)) {
      problems.push(`excludes list cannot contain an item in the includes list: ${item}`);
    }
  }
  return problems;
}

/**
 * Problems with namespace filters: the pair rules plus each name, which may be a glob (`*`,
 * `?`, `[abc]`) but must otherwise be a valid namespace name.
 */
export function namespaceFilterProblems(
  includes: readonly string[],
  excludes: readonly string[],
): string[] {
  const problems = includeExcludeProblems(includes, excludes);
  for (const name of [...new Set([...includes].sort()), ...new Set([...excludes].sort())]) {
    const problem = namespacePatternProblem(name);
    if (problem !== undefined) problems.push(problem);
  }
  return problems;
}

function namespacePatternProblem(pattern: string): string | undefined {
  if (pattern === "" || pattern === "*") return undefined;
  if (/[|()!{},]/.test(pattern)) {
    return `invalid namespace "${pattern}": wildcard pattern contains unsupported characters: |, (, ), !, {, }, ,`;
  }
  if (pattern.includes("**")) {
    return `invalid namespace "${pattern}": wildcard pattern contains consecutive asterisks (only single * allowed)`;
  }
  const brackets = bracketProblem(pattern);
  if (brackets !== undefined) return `invalid namespace "${pattern}": ${brackets}`;
  const problem = labelProblem(pattern.replace(/[*?[\]]/g, "x"));
  return problem === undefined ? undefined : `invalid namespace "${pattern}": ${problem}`;
}

function bracketProblem(pattern: string): string | undefined {
  let open = -1;
  for (let index = 0; index < pattern.length; index++) {
    const ch = pattern.charAt(index);
    if (ch === "[" && open < 0) open = index;
    else if (ch === "]" && open >= 0) {
      if (index === open + 1) return "wildcard pattern contains empty bracket pattern '[]'";
      open = -1;
    }
  }
  return open >= 0 ? "wildcard pattern contains unclosed bracket '['" : undefined;
}

/** Throws one {@link UsageError} for all problems, joined as Kubernetes aggregates errors. */
export function throwProblems(problems: readonly string[]): void {
  if (problems.length === 0) return;
  const message = problems.length === 1 ? (problems[0] ?? "") : `[${problems.join(", ")}]`;
  throw new UsageError(message);
}
