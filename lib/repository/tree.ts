// Directory listings: one canonical JSON line per entry, sorted by name. A listing is stored as
// chunks like file content, so an unchanged directory dedupes to the chunks it had before.

/** Kinds of entries a snapshot keeps; fifos, sockets and devices are skipped at backup. */
export type EntryType = "file" | "dir" | "symlink";

/** One directory entry. */
export interface TreeEntry {
  readonly name: string;
  readonly type: EntryType;
  /** Permission and special bits (`mode & 0o7777`). */
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  /** File size in bytes; 0 for directories and symlinks. */
  readonly size: number;
  /** Modification time in milliseconds since the epoch (microsecond precision). */
  readonly mtimeMs: number;
  /** Inode and device at backup time, for change detection of the next backup. */
  readonly ino?: number;
  readonly dev?: number;
  /** Hard-link group ("dev:ino") of a file with more than one link. */
  readonly link?: string;
  /** Symlink target, stored as read. */
  readonly target?: string;
  /** Hex chunk ids: a file's content or a directory's listing, in order. */
  readonly chunks?: readonly string[];
}

/**
 * The canonical encoding of every field but `chunks`, without the closing brace: a line whose
 * entry has chunks is this head, `,"chunks":[…]}` and a newline (see {@link encodeEntry}).
 */
export function encodeEntryHead(entry: Omit<TreeEntry, "chunks">): string {
  const { name, type, mode, uid, gid, size, mtimeMs } = entry;
  let head = `{"name":${JSON.stringify(name)},"type":"${type}","mode":${mode},"uid":${uid},"gid":${gid},"size":${size},"mtimeMs":${mtimeMs}`;
  if (entry.ino !== undefined) head += `,"ino":${entry.ino}`;
  if (entry.dev !== undefined) head += `,"dev":${entry.dev}`;
  if (entry.link !== undefined) head += `,"link":${JSON.stringify(entry.link)}`;
  if (entry.target !== undefined) head += `,"target":${JSON.stringify(entry.target)}`;
  return head;
}

/** Canonical encoding of one entry: fixed key order, undefined fields left out, one line. */
export function encodeEntry(entry: TreeEntry): string {
  const head = encodeEntryHead(entry);
  if (entry.chunks === undefined) return `${head}}\n`;
  return `${head},"chunks":${JSON.stringify(entry.chunks)}}\n`;
}

/** What follows an entry head when the entry has chunks. */
export const chunksMarker = ',"chunks":[';

/**
 * The name of an encoded entry line without parsing all of it (lines start with the name:
 * `{"name":"…","type":`; inside the encoded name every quote is escaped, so the first
 * `","type":"` ends it).
 */
export function nameOfLine(line: string): string {
  const end = line.indexOf('","type":"');
  if (!line.startsWith('{"name":"') || end < 0) return decodeEntry(line).name;
  const raw = line.slice(9, end);
  return raw.includes("\\") ? (JSON.parse(`"${raw}"`) as string) : raw;
}

const entryTypes = new Set<string>(["file", "dir", "symlink"]);
const numberFields = ["mode", "uid", "gid", "size", "mtimeMs"] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === "string");
}

/** Parses one line; throws a plain Error when a field is missing or of the wrong type. */
export function decodeEntry(line: string): TreeEntry {
  const value: unknown = JSON.parse(line);
  if (!isRecord(value)) throw new Error("tree entry is not an object");
  if (typeof value["name"] !== "string") throw new Error("tree entry has no name");
  if (typeof value["type"] !== "string" || !entryTypes.has(value["type"])) {
    throw new Error(`tree entry "${value["name"]}" has an unknown type`);
  }
  for (const field of numberFields) {
    if (typeof value[field] !== "number") {
      throw new Error(`tree entry "${value["name"]}" has no ${field}`);
    }
  }
  if (value["chunks"] !== undefined && !isStringArray(value["chunks"])) {
    throw new Error(`tree entry "${value["name"]}" has malformed chunks`);
  }
  return value as unknown as TreeEntry;
}

/** Why a name cannot be used as one path component, or undefined when it can. */
export function unsafeNameReason(name: string): string | undefined {
  if (name === "" || name === "." || name === "..") return "not a plain name";
  if (name.includes("/") || name.includes("\\") || name.includes("\0")) {
    return "contains a path separator or NUL";
  }
  return undefined;
}

/** The order of entries in a listing (UTF-16 code unit order, as `Array.prototype.sort`). */
export function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
