// Kubernetes resource quantities as CSI snapshot sizes use them: parsing `1Gi`, `500M`, `1e3`
// into bytes, and printing bytes in binary-SI form as resource.NewQuantity(n, BinarySI) does.

const binary: Readonly<Record<string, number>> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const decimal: Readonly<Record<string, number>> = {
  m: 1e-3,
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/** Bytes of a quantity (`"1Gi"` ⇒ 1073741824, rounded up); 0 for an absent or unreadable one. */
export function quantityBytes(quantity: string | number | undefined): number {
  if (typeof quantity === "number") return quantity;
  const match = /^([+-]?[0-9.]+(?:[eE][+-]?[0-9]+)?)([a-zA-Z]*)$/.exec(quantity?.trim() ?? "");
  if (match === null) return 0;
  const [, number = "", suffix = ""] = match;
  const factor = binary[suffix] ?? decimal[suffix];
  if (factor === undefined) return 0;
  const value = Number(number) * factor;
  return Number.isFinite(value) ? Math.ceil(value) : 0;
}

/** `bytes` as a binary-SI quantity: the largest power-of-1024 suffix dividing it (`1Gi`, `1536Ki`). */
export function binaryQuantity(bytes: number): string {
  if (bytes === 0) return "0";
  const suffixes = Object.entries(binary).reverse();
  for (const [suffix, factor] of suffixes) {
    if (bytes % factor === 0) return `${String(bytes / factor)}${suffix}`;
  }
  return String(bytes);
}
