// The retention policy of a Schedule (beyond Velero): restic's `forget --keep-*` counts, read
// from the `velero.io/retention` annotation so Velero's Schedule schema stays untouched.

/** The Schedule annotation that carries a retention policy. */
export const RETENTION_ANNOTATION = "velero.io/retention";

/** The counts a policy may set, in restic's order. */
export const RETENTION_KEYS = [
  "keepLast",
  "keepHourly",
  "keepDaily",
  "keepWeekly",
  "keepMonthly",
  "keepYearly",
] as const;

/** One count of a policy. */
export type RetentionKey = (typeof RETENTION_KEYS)[number];

/**
 * How many backups to keep per bucket, as restic's `--keep-last/-hourly/-daily/-weekly/
 * -monthly/-yearly`: a positive count, `-1` for "every bucket", `0` (or absent) for none.
 */
export type RetentionPolicy = Readonly<Record<RetentionKey, number>>;

/** What {@link parseRetentionPolicy} found: a policy, or the reasons it is invalid. */
export type RetentionParseResult =
  | { readonly policy: RetentionPolicy; readonly errors?: undefined }
  | { readonly policy?: undefined; readonly errors: readonly string[] };

/**
 * Parses `keepLast=5,keepDaily=7,keepWeekly=4,keepMonthly=6` (comma-separated, spaces
 * ignored, each key at most once, values integers ≥ -1). A policy that keeps nothing is
 * refused: it would delete every backup of the schedule.
 */
export function parseRetentionPolicy(text: string): RetentionParseResult {
  const counts: Record<RetentionKey, number> = emptyCounts();
  const seen = new Set<string>();
  const errors: string[] = [];
  for (const entry of text.split(",").map((e) => e.trim())) {
    if (entry === "") continue;
    const problem = readEntry(entry, seen, counts);
    if (problem !== undefined) errors.push(problem);
  }
  if (errors.length === 0 && RETENTION_KEYS.every((k) => counts[k] === 0)) {
    errors.push("it keeps nothing: set at least one of " + RETENTION_KEYS.join(", "));
  }
  if (errors.length > 0) {
    return { errors: errors.map((e) => `invalid retention policy "${text}": ${e}`) };
  }
  return { policy: counts };
}

function readEntry(
  entry: string,
  seen: Set<string>,
  counts: Record<RetentionKey, number>,
): string | undefined {
  const match = /^([A-Za-z]+)\s*=\s*(-?\d+)$/.exec(entry);
  if (match === null) return `"${entry}" is not key=count`;
  const key = match[1] ?? "";
  const value = Number(match[2]);
  if (!isRetentionKey(key)) return `unknown key "${key}" (known: ${RETENTION_KEYS.join(", ")})`;
  if (seen.has(key)) return `"${key}" is given twice`;
  if (!Number.isSafeInteger(value) || value < -1) {
    return `"${key}" must be a count ≥ 0, or -1 for all`;
  }
  seen.add(key);
  counts[key] = value;
  return undefined;
}

function isRetentionKey(key: string): key is RetentionKey {
  return (RETENTION_KEYS as readonly string[]).includes(key);
}

function emptyCounts(): Record<RetentionKey, number> {
  return {
    keepLast: 0,
    keepHourly: 0,
    keepDaily: 0,
    keepWeekly: 0,
    keepMonthly: 0,
    keepYearly: 0,
  };
}

/**
 * The policy of a Schedule's annotations: `{}` when it has none (no retention), the parsed
 * policy, or the validation errors the schedule reports.
 */
export function parseRetentionAnnotation(
  annotations: Readonly<Record<string, string>> | undefined,
): Partial<RetentionParseResult> {
  const text = annotations?.[RETENTION_ANNOTATION];
  return text === undefined ? {} : parseRetentionPolicy(text);
}

/** The canonical text of a policy (only non-zero counts), e.g. `keepLast=5,keepDaily=7`. */
export function formatRetentionPolicy(policy: RetentionPolicy): string {
  return RETENTION_KEYS.filter((k) => policy[k] !== 0)
    .map((k) => `${k}=${policy[k]}`)
    .join(",");
}
