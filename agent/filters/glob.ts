// Glob patterns as Velero matches names with gobwas/glob (no separators): `*`, `?`, `[a-z]`,
// `[!x]`, `{a,b}` and `\` escapes.

const cache = new Map<string, RegExp>();

/** True when `pattern` has glob syntax (Velero's test: any of `*?[`). */
export function isGlobPattern(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}

/** Compiles `pattern` to an anchored RegExp; throws on an unclosed `[` or `{`. */
export function compileGlob(pattern: string): RegExp {
  const cached = cache.get(pattern);
  if (cached !== undefined) return cached;
  const regex = new RegExp(`^${translate(pattern)}$`, "s");
  cache.set(pattern, regex);
  return regex;
}

/** True when `name` matches `pattern`. An invalid pattern matches nothing (as in Velero). */
export function matchesGlob(pattern: string, name: string): boolean {
  try {
    return compileGlob(pattern).test(name);
  } catch {
    return false;
  }
}

function translate(pattern: string): string {
  let out = "";
  let braces = 0;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern.charAt(i);
    if (ch === "\\" && i + 1 < pattern.length) {
      out += escape(pattern.charAt(++i));
    } else if (ch === "[") {
      const end = pattern.indexOf("]", i + 1);
      if (end < 0) throw new Error(`unclosed [ in glob "${pattern}"`);
      out += characterClass(pattern.slice(i + 1, end));
      i = end;
    } else {
      const piece = special(ch, braces);
      braces += ch === "{" ? 1 : ch === "}" && braces > 0 ? -1 : 0;
      out += piece;
    }
  }
  if (braces !== 0) throw new Error(`unclosed { in glob "${pattern}"`);
  return out;
}

function special(ch: string, braces: number): string {
  if (ch === "*") return ".*";
  if (ch === "?") return ".";
  if (ch === "{") return "(?:";
  if (ch === "}" && braces > 0) return ")";
  if (ch === "," && braces > 0) return "|";
  return escape(ch);
}

function characterClass(body: string): string {
  const negated = body.startsWith("!");
  const inner = (negated ? body.slice(1) : body).replace(/[\\\]^]/g, "\\$&");
  return `[${negated ? "^" : ""}${inner}]`;
}

function escape(ch: string): string {
  return ch.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
