// Lists the files of a bucket directory in key order, and the sub-directories that hold files,
// without reading more than one directory level into memory at a time.
import type { Dirent } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { compareKeys } from "../key-order.js";
import type { ObjectInfo } from "../object-store.js";
import { keySegments, splitPrefix } from "./filesystem-key-path.js";

interface Entry {
  readonly name: string;
  readonly isDirectory: boolean;
}

/**
 * Yields every file below `bucketDir` whose key starts with `prefix`, in key order. A directory
 * is visited where its key with a trailing `/` sorts, which is exactly where its keys sort.
 */
export async function* walkFiles(bucketDir: string, prefix: string): AsyncGenerator<ObjectInfo> {
  const { dir, name } = splitPrefix(prefix);
  const base = prefixDirectory(bucketDir, dir);
  if (base === undefined) return;
  yield* walkDirectory(base, dir, name);
}

async function* walkDirectory(
  path: string,
  keyPrefix: string,
  namePrefix: string,
): AsyncGenerator<ObjectInfo> {
  for (const entry of await sortedEntries(path, namePrefix)) {
    const child = join(path, entry.name);
    const key = keyPrefix + entry.name;
    if (entry.isDirectory) {
      yield* walkDirectory(child, `${key}/`, "");
      continue;
    }
    const info = await statFile(child);
    if (info !== undefined) yield { key, size: info.size, lastModified: info.mtime };
  }
}

/**
 * The common prefixes for delimiter `/`: sub-directories of the prefix's directory whose names
 * start with the prefix's last segment and that hold at least one file.
 */
export async function directoryPrefixes(bucketDir: string, prefix: string): Promise<string[]> {
  const { dir, name } = splitPrefix(prefix);
  const base = prefixDirectory(bucketDir, dir);
  if (base === undefined) return [];
  const found: string[] = [];
  for (const entry of await sortedEntries(base, name)) {
    if (entry.isDirectory && (await holdsAnyFile(join(base, entry.name)))) {
      found.push(`${dir}${entry.name}/`);
    }
  }
  return found;
}

/** The directory a prefix's directory part names, or undefined when no key could be there. */
function prefixDirectory(bucketDir: string, dir: string): string | undefined {
  if (dir === "") return bucketDir;
  try {
    return join(bucketDir, ...keySegments(dir.slice(0, -1)));
  } catch {
    return undefined;
  }
}

async function sortedEntries(path: string, namePrefix: string): Promise<Entry[]> {
  let dirents: Dirent[];
  try {
    dirents = await readdir(path, { withFileTypes: true });
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
  return dirents
    .filter((d) => d.name.startsWith(namePrefix) && (d.isFile() || d.isDirectory()))
    .map((d) => ({ name: d.name, isDirectory: d.isDirectory() }))
    .sort((a, b) => compareKeys(sortName(a), sortName(b)));
}

function sortName(entry: Entry): string {
  return entry.isDirectory ? `${entry.name}/` : entry.name;
}

async function holdsAnyFile(path: string): Promise<boolean> {
  for (const entry of await sortedEntries(path, "")) {
    if (!entry.isDirectory) return true;
    if (await holdsAnyFile(join(path, entry.name))) return true;
  }
  return false;
}

async function statFile(path: string): Promise<{ size: number; mtime: Date } | undefined> {
  try {
    const info = await stat(path);
    return info.isFile() ? info : undefined;
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/** ENOENT or ENOTDIR: the path (or a parent) is gone, e.g. deleted while listing. */
export function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}
