// Go time.Duration strings as metav1.Duration carries them: parsing and Go's exact printing.
import { InvalidDurationError } from "./errors.js";

/** A Go duration string as Kubernetes serialises metav1.Duration, e.g. `"720h0m0s"`. */
export type Duration = string;

const NS_PER_MS = 1_000_000n;
const MAX_NS = 9_223_372_036_854_775_807n;

const UNIT_NS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  "\u00b5s": 1_000n,
  "\u03bcs": 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const TERM = /^(\d*)(?:\.(\d*))?([^\d.]+)/;

/** Nanoseconds of one `<number><unit>` term, given its integer and fraction digits. */
function termNanoseconds(whole: string, fraction: string, unitNs: bigint): bigint {
  const scale = 10n ** BigInt(fraction.length);
  const fractionNs = fraction === "" ? 0n : (BigInt(fraction) * unitNs) / scale;
  return BigInt(whole === "" ? "0" : whole) * unitNs + fractionNs;
}

/** The first `<number><unit>` term of `text`: its length and nanoseconds, or undefined. */
function parseTerm(text: string): { length: number; ns: bigint } | undefined {
  const match = TERM.exec(text);
  if (match === null) return undefined;
  const [term, whole = "", fraction = "", unit = ""] = match;
  const unitNs = UNIT_NS[unit];
  if (unitNs === undefined || (whole === "" && fraction === "")) return undefined;
  return { length: term.length, ns: termNanoseconds(whole, fraction, unitNs) };
}

/** Nanoseconds of an unsigned duration such as `"1h30m"`, or undefined when Go would reject it. */
function unsignedNanoseconds(text: string): bigint | undefined {
  if (text === "0") return 0n;
  if (text === "") return undefined;
  let rest = text;
  let total = 0n;
  while (rest !== "") {
    const term = parseTerm(rest);
    if (term === undefined) return undefined;
    total += term.ns;
    if (total > MAX_NS) return undefined;
    rest = rest.slice(term.length);
  }
  return total;
}

/**
 * Parses a Go duration (`time.ParseDuration` syntax: `"720h0m0s"`, `"1.5h"`, `"-10m"`, `"0"`)
 * into nanoseconds. Throws {@link InvalidDurationError} on anything Go would reject.
 */
export function parseDurationNanoseconds(value: string): bigint {
  const negative = value.startsWith("-");
  const signed = negative || value.startsWith("+");
  const ns = unsignedNanoseconds(signed ? value.slice(1) : value);
  if (ns === undefined) throw new InvalidDurationError(value);
  return negative ? -ns : ns;
}

/**
 * Parses a Go duration into milliseconds (fractional below one millisecond), e.g.
 * `parseDuration("720h0m0s") === 2_592_000_000`. Throws {@link InvalidDurationError}.
 */
export function parseDuration(value: string): number {
  const ns = parseDurationNanoseconds(value);
  return Number(ns / NS_PER_MS) + Number(ns % NS_PER_MS) / 1e6;
}

/** `value` as digits with its last `precision` digits after a point, trailing zeros dropped. */
function formatFraction(value: bigint, precision: number): string {
  const digits = value.toString().padStart(precision + 1, "0");
  const whole = digits.slice(0, digits.length - precision);
  const fraction = digits.slice(digits.length - precision).replace(/0+$/, "");
  return fraction === "" ? whole : `${whole}.${fraction}`;
}

/** Below one second Go prints the largest of ns, µs and ms that keeps an integer part. */
function formatSubSecond(ns: bigint): string {
  if (ns < 1_000n) return `${ns}ns`;
  if (ns < 1_000_000n) return `${formatFraction(ns, 3)}\u00b5s`;
  return `${formatFraction(ns, 6)}ms`;
}

/** Formats nanoseconds exactly as Go's `time.Duration.String()` does. */
export function formatDurationNanoseconds(ns: bigint): string {
  if (ns === 0n) return "0s";
  const sign = ns < 0n ? "-" : "";
  const abs = ns < 0n ? -ns : ns;
  if (abs < 1_000_000_000n) return sign + formatSubSecond(abs);
  const seconds = `${formatFraction(abs % 60_000_000_000n, 9)}s`;
  const totalMinutes = abs / 60_000_000_000n;
  if (totalMinutes === 0n) return sign + seconds;
  const hours = totalMinutes / 60n;
  const minutes = `${totalMinutes % 60n}m`;
  return sign + (hours === 0n ? "" : `${hours}h`) + minutes + seconds;
}

/**
 * Formats milliseconds as Go's `time.Duration.String()` prints them:
 * `formatDuration(2_592_000_000) === "720h0m0s"`, `formatDuration(90_000) === "1m30s"`,
 * `formatDuration(1.5) === "1.5ms"`, `formatDuration(0) === "0s"`.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) throw new InvalidDurationError(String(ms));
  const whole = Math.trunc(ms);
  const ns = BigInt(whole) * NS_PER_MS + BigInt(Math.round((ms - whole) * 1e6));
  return formatDurationNanoseconds(ns);
}

/** True when `value` parses as a Go duration. */
export function isDuration(value: string): boolean {
  try {
    parseDurationNanoseconds(value);
    return true;
  } catch {
    return false;
  }
}
