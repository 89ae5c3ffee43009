// Velero's include/exclude lists: everything included except what is excluded, `*` meaning
// everything, and glob patterns allowed in both lists.
import { matchesGlob } from "./glob.js";

/** An include list and an exclude list of names or glob patterns. */
export class IncludesExcludes {
  readonly includes: readonly string[];
  readonly excludes: readonly string[];

  constructor(includes: readonly string[] = [], excludes: readonly string[] = []) {
    this.includes = [...new Set(includes)].sort();
    this.excludes = [...new Set(excludes)].sort();
  }

  /** Excluded ⇒ false; otherwise included when the include list is empty, `*`, or matches. */
  shouldInclude(name: string): boolean {
    if (this.isExcluded(name)) return false;
    return (
      this.includes.length === 0 || this.includes.includes("*") || matchesAny(this.includes, name)
    );
  }

  /** True when an exclude entry matches `name`. */
  isExcluded(name: string): boolean {
    return matchesAny(this.excludes, name);
  }

  /** True when an include entry (not `*`) matches `name`. */
  isExplicitlyIncluded(name: string): boolean {
    return matchesAny(
      this.includes.filter((i) => i !== "*"),
      name,
    );
  }

  /** No excludes and the includes are empty or exactly `*`. */
  includeEverything(): boolean {
    return (
      this.excludes.length === 0 &&
      (this.includes.length === 0 || (this.includes.length === 1 && this.includes[0] === "*"))
    );
  }

  /** The includes joined by ", ", or `*` when empty (Velero's log and describe text). */
  includesString(): string {
    return this.includes.length === 0 ? "*" : this.includes.join(", ");
  }

  /** The excludes joined by ", ", or `<none>` when empty. */
  excludesString(): string {
    return this.excludes.length === 0 ? "<none>" : this.excludes.join(", ");
  }
}

function matchesAny(patterns: readonly string[], name: string): boolean {
  return patterns.some((pattern) => pattern === name || matchesGlob(pattern, name));
}

/** Velero's checks of an include/exclude pair (old-style filters and namespaces). */
export function validateIncludesExcludes(
  includes: readonly string[],
  excludes: readonly string[],
): string[] {
  const errors: string[] = [];
  const inc = new Set(includes);
  if (inc.size > 1 && inc.has("*")) {
    errors.push("includes list must either contain '*' only, or a non-empty list of items");
  }
  if (excludes.includes("*")) errors.push("excludes list cannot contain '*'");
  for (const item of new Set(excludes)) {
    if (inc.has(item))
      errors.push(`excludes list cannot contain an item in the includes list: ${item}`);
  }
  return errors;
}

/** Velero's checks of the new cluster-/namespace-scoped resource filters. */
export function validateScopedIncludesExcludes(
  includes: readonly string[],
  excludes: readonly string[],
): string[] {
  const errors: string[] = [];
  const inc = new Set(includes);
  const exc = new Set(excludes);
  if (inc.size > 1 && inc.has("*")) {
    errors.push("includes list must either contain '*' only, or a non-empty list of items");
  }
  if (exc.size > 1 && exc.has("*")) {
    errors.push("excludes list must either contain '*' only, or a non-empty list of items");
  }
  if (inc.size > 0 && exc.has("*")) errors.push("when exclude is '*', include cannot have value");
  for (const item of exc) {
    if (inc.has(item))
      errors.push(`excludes list cannot contain an item in the includes list: ${item}`);
  }
  return errors;
}
