// Kubernetes resource quantities (`500m`, `128Mi`, `1Gi`): parsed exactly, printed in the API
// server's canonical form (generated pod specs match what the server stores), and read as numbers.
import { InvalidInputError } from "../errors.js";

/** A quantity as an exact value: `mantissa × 10^exponent`, remembering the suffix family. */
export interface Quantity {
  readonly mantissa: bigint;
  readonly exponent: number;
  readonly format: "DecimalSI" | "BinarySI" | "DecimalExponent";
}

const decimalSuffixes: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  "": 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const binarySuffixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"] as const;
const pattern = /^([+-]?)(\d*)(?:\.(\d*))?(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]))?$/;

/** A string that is not a quantity. */
export class InvalidQuantityError extends InvalidInputError {
  constructor(value: string) {
    super(`"${value}" is not a valid quantity (examples: 500m, 1, 128Mi, 1Gi)`);
  }
}

/** Parses `value`; throws {@link InvalidQuantityError}. */
export function parseQuantity(value: string): Quantity {
  const match = pattern.exec(value.trim());
  if (match === null) throw new InvalidQuantityError(value);
  const [, sign, whole = "", fraction = "", exp, suffix = ""] = match;
  if (whole + fraction === "") throw new InvalidQuantityError(value);
  const mantissa = BigInt(whole + fraction) * (sign === "-" ? -1n : 1n);
  const exponent = -fraction.length;
  if (exp !== undefined) {
    return { mantissa, exponent: exponent + Number(exp.slice(1)), format: "DecimalExponent" };
  }
  return withSuffix(mantissa, exponent, suffix);
}

function withSuffix(mantissa: bigint, exponent: number, suffix: string): Quantity {
  const power = binarySuffixes.indexOf(suffix as (typeof binarySuffixes)[number]);
  if (power > 0) {
    return normalise({ mantissa: mantissa * 1024n ** BigInt(power), exponent, format: "BinarySI" });
  }
  return normalise({
    mantissa,
    exponent: exponent + (decimalSuffixes[suffix] ?? 0),
    format: "DecimalSI",
  });
}

function normalise(q: Quantity): Quantity {
  let { mantissa, exponent } = q;
  if (mantissa === 0n) return { ...q, mantissa, exponent: 0 };
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exponent += 1;
  }
  if (exponent < -9) {
    const scale = 10n ** BigInt(-9 - exponent);
    mantissa = mantissa / scale + (mantissa % scale > 0n ? 1n : 0n);
    exponent = -9;
  }
  return { ...q, mantissa, exponent };
}

/** True when the quantity is exactly zero (Velero: "0" means unbounded). */
export function isZeroQuantity(q: Quantity): boolean {
  return q.mantissa === 0n;
}

/** Compares two quantities by value: negative, zero or positive. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  const low = Math.min(a.exponent, b.exponent);
  const left = a.mantissa * 10n ** BigInt(a.exponent - low);
  const right = b.mantissa * 10n ** BigInt(b.exponent - low);
  return left === right ? 0 : left < right ? -1 : 1;
}

/**
 * The API server's canonical text: `1000m` ⇒ `1`, `0.5` ⇒ `500m`, `1024Mi` ⇒ `1Gi`,
 * `1536Mi` ⇒ `1536Mi`, `2000` ⇒ `2k`, `12e6` ⇒ `12e6`.
 */
export function formatQuantity(q: Quantity): string {
  const n = normalise(q);
  if (n.mantissa === 0n) return "0";
  if (n.format === "BinarySI" && n.exponent >= 0) {
    const bytes = n.mantissa * 10n ** BigInt(n.exponent);
    if (bytes >= 1024n || bytes <= -1024n) return formatBinary(bytes);
  }
  const exponent = Math.min(18, Math.floor(n.exponent / 3) * 3);
  const digits = n.mantissa * 10n ** BigInt(n.exponent - exponent);
  if (n.format === "DecimalExponent") {
    return exponent === 0 ? String(digits) : `${digits}e${exponent}`;
  }
  const suffix = Object.entries(decimalSuffixes).find(([, e]) => e === exponent)?.[0] ?? "";
  return `${digits}${suffix}`;
}

function formatBinary(bytes: bigint): string {
  let power = 0;
  let value = bytes;
  while (power < binarySuffixes.length - 1 && value % 1024n === 0n) {
    value /= 1024n;
    power += 1;
  }
  return `${value}${binarySuffixes[power] ?? ""}`;
}

/** Parses and re-prints `value` canonically. */
export function canonicalQuantity(value: string): string {
  return formatQuantity(parseQuantity(value));
}

/** The quantity as a JavaScript number (`500m` ⇒ 0.5, `1Gi` ⇒ 1073741824). */
export function quantityNumber(q: Quantity): number {
  const mantissa = Number(q.mantissa);
  return q.exponent >= 0 ? mantissa * 10 ** q.exponent : mantissa / 10 ** -q.exponent;
}

/** The numeric value of a quantity given as text or number; NaN when the text is not one. */
export function quantityValue(quantity: string | number): number {
  if (typeof quantity === "number") return quantity;
  try {
    return quantityNumber(parseQuantity(quantity));
  } catch (error) {
    if (error instanceof InvalidQuantityError) return Number.NaN;
    throw error;
  }
}

/** Bytes of a quantity (`"1Gi"` ⇒ 1073741824, rounded up); 0 for an absent or unreadable one. */
export function quantityBytes(quantity: string | number | undefined): number {
  if (quantity === undefined) return 0;
  const value = quantityValue(quantity);
  return Number.isFinite(value) ? Math.ceil(value) : 0;
}

/** `bytes` as a binary-SI quantity, as resource.NewQuantity(n, BinarySI) prints it (`1Gi`, `1536Ki`). */
export function binaryQuantity(bytes: number): string {
  if (bytes === 0 || !Number.isSafeInteger(bytes)) return String(bytes);
  return formatBinary(BigInt(bytes));
}
