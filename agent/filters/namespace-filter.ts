// Which namespaces a backup or restore covers: Velero's namespace include/exclude lists with
// glob patterns expanded against the namespaces that exist.
import { isGlobPattern, matchesGlob } from "./glob.js";
import { IncludesExcludes, validateIncludesExcludes } from "./includes-excludes.js";

const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Validates namespace include/exclude lists as Velero does (patterns and names). */
export function validateNamespaceIncludesExcludes(
  includes: readonly string[],
  excludes: readonly string[],
): string[] {
  const errors = validateIncludesExcludes(includes, excludes);
  for (const item of new Set([...includes, ...excludes])) {
    if (item === "" || item === "*") continue;
    const patternError = validatePattern(item);
    if (patternError !== undefined) {
      errors.push(patternError);
      continue;
    }
    const asName = item.replace(/[*?[\]]/g, "x");
    if (asName.length > 63 || !dns1123Label.test(asName)) {
      errors.push(`invalid namespace "${item}": a namespace must be a DNS-1123 label`);
    }
  }
  return errors;
}

function validatePattern(pattern: string): string | undefined {
  if (/[|()!{},]/.test(pattern)) {
    return "wildcard pattern contains unsupported characters: |, (, ), !, {, }, ,";
  }
  if (pattern.includes("**")) {
    return "wildcard pattern contains consecutive asterisks (only single * allowed)";
  }
  if (/\[\]/.test(pattern)) return "wildcard pattern contains empty bracket pattern '[]'";
  const opens = (pattern.match(/\[/g) ?? []).length;
  const closes = (pattern.match(/\]/g) ?? []).length;
  if (opens > closes) return "wildcard pattern contains unclosed bracket '['";
  if (closes > opens) return "wildcard pattern contains unmatched closing bracket ']'";
  return undefined;
}

/** A namespace filter, with globs expanded against the active namespaces when present. */
export class NamespaceFilter {
  private readonly filter: IncludesExcludes;
  private readonly expandedToNothing: boolean;

  /**
   * `active` is the list of existing namespaces; when the lists hold glob patterns (and the
   * includes are not `*`), they are expanded against it, as Velero does.
   */
  constructor(
    includes: readonly string[],
    excludes: readonly string[],
    active?: readonly string[],
  ) {
    if (active !== undefined && shouldExpand(includes, excludes)) {
      const inc = expand(includes, active);
      this.filter = new IncludesExcludes(inc, expand(excludes, active));
      this.expandedToNothing = inc.length === 0;
    } else {
      this.filter = new IncludesExcludes(includes, excludes);
      this.expandedToNothing = false;
    }
  }

  shouldInclude(namespace: string): boolean {
    if (this.expandedToNothing) return false;
    return this.filter.shouldInclude(namespace);
  }

  /** Every namespace (and no excludes): the filter does not narrow anything. */
  includeEverything(): boolean {
    return !this.expandedToNothing && this.filter.includeEverything();
  }

  /** The namespaces of `active` this filter includes, sorted. */
  resolve(active: readonly string[]): string[] {
    return active.filter((ns) => this.shouldInclude(ns)).sort();
  }

  /** The underlying lists after expansion (for describe and logs). */
  get lists(): IncludesExcludes {
    return this.filter;
  }
}

function shouldExpand(includes: readonly string[], excludes: readonly string[]): boolean {
  if (includes.length === 0 || includes.includes("*")) return false;
  return [...includes, ...excludes].some(isGlobPattern);
}

function expand(patterns: readonly string[], active: readonly string[]): string[] {
  const out = new Set<string>();
  for (const pattern of patterns) {
    if (!isGlobPattern(pattern)) {
      out.add(pattern);
      continue;
    }
    for (const ns of active) if (matchesGlob(pattern, ns)) out.add(ns);
  }
  return [...out];
}
