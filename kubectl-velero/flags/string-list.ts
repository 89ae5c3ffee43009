// Comma-separated list flags (`--include-namespaces a,b --include-namespaces c`), as Velero's.
import { InvalidArgumentError } from "commander";

/** Commander parser: splits on commas, trims, drops empties, and appends to earlier values. */
export function parseStringList(value: string, previous: string[] | undefined): string[] {
  const items = value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
  return [...(previous ?? []), ...items];
}

/** Commander parser for `k=v,k2=v2` maps (labels, annotations, provider config). */
export function parseKeyValueMap(
  value: string,
  previous: Record<string, string> | undefined,
): Record<string, string> {
  return { ...(previous ?? {}), ...parseDelimitedMap(value, "=") };
}

/** Commander parser for `src1:dst1,src2:dst2` (namespace mappings). */
export function parseColonMap(
  value: string,
  previous: Record<string, string> | undefined,
): Record<string, string> {
  return { ...(previous ?? {}), ...parseDelimitedMap(value, ":") };
}

function parseDelimitedMap(value: string, delimiter: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of value.split(",")) {
    if (pair.trim() === "") continue;
    const at = pair.indexOf(delimiter);
    if (at <= 0) {
      throw new InvalidArgumentError(
        `"${pair}" is not a key${delimiter}value pair (expected key${delimiter}value,key2${delimiter}value2)`,
      );
    }
    out[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return out;
}
