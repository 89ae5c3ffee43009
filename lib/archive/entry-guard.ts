// Decides whether a tar entry may be read at all: refuses paths that could leave the
// extraction root and entry types that are not plain files or directories.
import { UnsafeArchiveEntryError } from "./errors.js";

/** What a reader does with an entry of a given type. */
export type EntryDisposition = "file" | "directory" | "ignore";

const unsafeTypes: ReadonlyMap<string, string> = new Map([
  ["SymbolicLink", "symbolic links are not allowed"],
  ["Link", "hard links are not allowed"],
  ["CharacterDevice", "device files are not allowed"],
  ["BlockDevice", "device files are not allowed"],
  ["FIFO", "FIFOs are not allowed"],
]);

const fileTypes = new Set(["File", "OldFile", "ContiguousFile"]);

/**
 * The normalised relative path of an entry (`./` and empty segments dropped, no trailing
 * slash). Throws `UnsafeArchiveEntryError` for an empty or absolute path, a `..` segment or
 * a NUL byte.
 */
export function safeEntryPath(raw: string): string {
  if (raw.includes("\0")) throw new UnsafeArchiveEntryError(raw, "the path contains a NUL byte");
  if (raw.startsWith("/")) throw new UnsafeArchiveEntryError(raw, "absolute paths are not allowed");
  const segments = raw.split("/").filter((s) => s !== "" && s !== ".");
  if (segments.includes("..")) {
    throw new UnsafeArchiveEntryError(raw, "'..' path segments are not allowed");
  }
  if (segments.length === 0) throw new UnsafeArchiveEntryError(raw, "the path is empty");
  return segments.join("/");
}

/**
 * How to treat an entry of tar type `type` (the `tar` package's names). Throws
 * `UnsafeArchiveEntryError` for links, devices and FIFOs; other exotic types are ignored.
 */
export function entryDisposition(type: string, path: string): EntryDisposition {
  const unsafe = unsafeTypes.get(type);
  if (unsafe !== undefined) throw new UnsafeArchiveEntryError(path, unsafe);
  if (fileTypes.has(type)) return "file";
  if (type === "Directory") return "directory";
  return "ignore";
}
