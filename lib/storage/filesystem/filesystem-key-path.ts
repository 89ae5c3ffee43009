// Maps object keys to file paths below a bucket directory, refusing keys that could escape it
// or that no file can represent.
import { join } from "node:path";
import { InvalidObjectKeyError } from "../errors.js";

const maxSegmentBytes = 255;

/**
 * The file that holds `key` inside `bucketDir`. Keys are `/`-separated; each segment becomes a
 * directory level. Refused: empty keys, a leading or trailing `/`, empty, `.` or `..` segments,
 * NUL bytes and segments longer than 255 bytes.
 */
export function keyToPath(bucketDir: string, key: string): string {
  return join(bucketDir, ...keySegments(key));
}

/** The key's `/`-separated segments, validated as {@link keyToPath} describes. */
export function keySegments(key: string): string[] {
  if (key === "") throw new InvalidObjectKeyError(key, "is empty");
  if (key.includes("\0")) throw new InvalidObjectKeyError(key, "contains a NUL byte");
  const segments = key.split("/");
  for (const segment of segments) {
    if (segment === "") {
      throw new InvalidObjectKeyError(key, "has an empty segment (leading, trailing or double /)");
    }
    if (segment === "." || segment === "..") {
      throw new InvalidObjectKeyError(key, `has a "${segment}" segment`);
    }
    if (Buffer.byteLength(segment) > maxSegmentBytes) {
      throw new InvalidObjectKeyError(key, `has a segment longer than ${maxSegmentBytes} bytes`);
    }
  }
  return segments;
}

/** Splits a listing prefix into its directory part (ending with `/` or empty) and name part. */
export function splitPrefix(prefix: string): { readonly dir: string; readonly name: string } {
  const slash = prefix.lastIndexOf("/");
  return { dir: prefix.slice(0, slash + 1), name: prefix.slice(slash + 1) };
}
