// Kubernetes name and metadata rules install checks up front, so a bad flag fails before the
// first object is created rather than halfway through.
import { InvalidInputError } from "../../lib/errors.js";

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dnsSubdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const qualifiedName = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const labelValue = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/**
 * Returns `value` when it is a valid DNS-1123 label (≤ 63) or subdomain (≤ 253), otherwise
 * throws an InvalidInputError naming the flag.
 */
export function checkName(flag: string, value: string, kind: "label" | "subdomain"): string {
  const limit = kind === "label" ? 63 : 253;
  const rule = kind === "label" ? dnsLabel : dnsSubdomain;
  if (value.length > limit || !rule.test(value)) {
    throw new InvalidInputError(
      `--${flag} "${value}" is not a valid name: use at most ${limit} lowercase letters, ` +
        `digits and '-'${kind === "subdomain" ? " or '.'" : ""}, starting and ending alphanumeric`,
    );
  }
  return value;
}

/** True for a label or annotation key: `[prefix/]name`, prefix a DNS subdomain. */
export function isQualifiedKey(key: string): boolean {
  const slash = key.lastIndexOf("/");
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (prefix !== undefined && (prefix.length > 253 || !dnsSubdomain.test(prefix))) return false;
  return name.length <= 63 && qualifiedName.test(name);
}

/** True for a label value (≤ 63 characters, alphanumeric ends). */
export function isLabelValue(value: string): boolean {
  return value.length <= 63 && labelValue.test(value);
}

/** Checks every key (and, for labels, every value) of a `k=v` map flag; returns a copy. */
export function checkMetadataMap(
  flag: string,
  map: Readonly<Record<string, string>> | undefined,
  kind: "label" | "annotation",
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(map ?? {})) {
    if (!isQualifiedKey(key))
      throw new InvalidInputError(`--${flag}: invalid ${kind} key "${key}"`);
    if (kind === "label" && !isLabelValue(value)) {
      throw new InvalidInputError(`--${flag}: invalid label value "${value}" for key "${key}"`);
    }
    out[key] = value;
  }
  return out;
}
