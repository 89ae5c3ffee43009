// Reads a backup back from a filesystem location's bucket for tests: the keys under the bucket,
// the tarball's entries grouped by item, and the gzipped side files.
import { createReadStream } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { gunzipSync } from "node:zlib";
import { readArchive, type ItemRef } from "../../../lib/archive/index.js";

/** One item of a tarball: where it is stored and its JSON. */
export interface StoredItem {
  readonly ref: ItemRef;
  /** Every entry path of the item, in archive order. */
  readonly paths: string[];
  /** The parsed JSON of each entry, in the order of `paths`. */
  readonly bodies: unknown[];
}

/** A backup tarball read back. */
export interface StoredArchive {
  /** Entry paths in archive order (the version entry included). */
  readonly paths: readonly string[];
  /** The format version of the `metadata/version` entry, when there is one. */
  readonly version: string | undefined;
  /** Items keyed by {@link itemId}. */
  readonly items: ReadonlyMap<string, StoredItem>;
}

/** `<groupResource>:<namespace>/<name>` (`<groupResource>:<name>` when cluster-scoped). */
export function itemId(ref: Pick<ItemRef, "groupResource" | "namespace" | "name">): string {
  const ns = ref.namespace ?? "";
  return ns === "" ? `${ref.groupResource}:${ref.name}` : `${ref.groupResource}:${ns}/${ref.name}`;
}

/** Every file below `dir`, as `/`-separated paths relative to it, sorted. */
export async function listKeys(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join("/"))
    .sort();
}

/** Reads a tarball (`.tar.gz`) file. */
export async function readStoredArchive(file: string): Promise<StoredArchive> {
  const paths: string[] = [];
  const items = new Map<string, StoredItem>();
  let version: string | undefined;
  for await (const entry of readArchive(createReadStream(file))) {
    paths.push(entry.path);
    if (entry.kind === "version") {
      version = `${String(entry.version.major)}.${String(entry.version.minor)}.${String(entry.version.patch)}`;
      continue;
    }
    const id = itemId(entry.item);
    const stored = items.get(id) ?? { ref: entry.item, paths: [], bodies: [] };
    stored.paths.push(entry.path);
    stored.bodies.push(JSON.parse(entry.body.toString("utf8")));
    items.set(id, stored);
  }
  return { paths, version, items };
}

/** Parses a gzipped JSON side file. */
export async function readGzipJson(file: string): Promise<unknown> {
  return JSON.parse(gunzipSync(await readFile(file)).toString("utf8"));
}

/** Reads a gzipped text file (the backup log). */
export async function readGzipText(file: string): Promise<string> {
  return gunzipSync(await readFile(file)).toString("utf8");
}
