// The glob of a modifier rule's `conditions.groupResource`, matched as Velero does with
// gobwas/glob and `.` as separator: `*` and `?` stay within one dot-separated part, `**`
// crosses parts; `[a-z]`, `[!x]`, `{a,b}` and `\` escapes work as in other globs.

function escape(ch: string): string {
  return ch.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

function characterClass(pattern: string, start: number): Piece {
  const end = pattern.indexOf("]", start + 1);
  if (end < 0) throw new Error(`unclosed [ in glob ${JSON.stringify(pattern)}`);
  const body = pattern.slice(start + 1, end);
  const negated = body.startsWith("!");
  const inner = (negated ? body.slice(1) : body).replace(/[\\\]^]/g, "\\$&");
  return { source: `[${negated ? "^" : ""}${inner}]`, end };
}

interface Piece {
  readonly source: string;
  readonly end: number;
}

function piece(pattern: string, i: number, braces: number): Piece {
  const ch = pattern.charAt(i);
  if (ch === "\\" && i + 1 < pattern.length) {
    return { source: escape(pattern.charAt(i + 1)), end: i + 1 };
  }
  if (ch === "[") return characterClass(pattern, i);
  if (ch === "*") {
    const both = pattern.charAt(i + 1) === "*";
    return { source: both ? ".*" : "[^.]*", end: both ? i + 1 : i };
  }
  return { source: special(ch, braces), end: i };
}

function translate(pattern: string): string {
  let out = "";
  let braces = 0;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern.charAt(i);
    const next = piece(pattern, i, braces);
    out += next.source;
    i = next.end;
    if (next.source === "(?:") braces++;
    else if (ch === "}" && next.source === ")") braces--;
  }
  if (braces !== 0) throw new Error(`unclosed { in glob ${JSON.stringify(pattern)}`);
  return out;
}

function special(ch: string, braces: number): string {
  if (ch === "?") return "[^.]";
  if (ch === "{") return "(?:";
  if (ch === "}" && braces > 0) return ")";
  if (ch === "," && braces > 0) return "|";
  return escape(ch);
}

/**
 * Compiles `pattern` (e.g. `deployments.apps`, `*.apps`, `*`, `*.*`) to an anchored RegExp
 * over group-resource strings (`pods`, `deployments.apps`); throws on an unclosed `[` or `{`.
 */
export function compileGroupResourceGlob(pattern: string): RegExp {
  return new RegExp(`^${translate(pattern)}$`, "s");
}
