// Extracts a backup archive into a fresh scratch directory (as Velero's restore does) and
// catalogs its items, so restore can read them by resource in any order.
import { constants } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, sep } from "node:path";
import { readArchive, type ArchiveReadOptions, type ArchiveSource } from "./archive-reader.js";
import { ArchiveCatalog } from "./catalog.js";
import { itemPath, type ItemRef } from "./entry-path.js";
import { ArchiveFormatError, UnsafeArchiveEntryError } from "./errors.js";
import type { FormatVersion } from "./format.js";

/** Options of {@link extractArchive}. */
export interface ExtractArchiveOptions extends ArchiveReadOptions {
  /** Directory in which the scratch directory is created; defaults to the OS temp dir. */
  readonly parentDir?: string;
}

/** An archive extracted to disk. Remove it when done. */
export interface ExtractedArchive {
  /** The scratch directory; files keep their archive paths below it. */
  readonly dir: string;
  /** From `metadata/version`; `undefined` for an archive without one. */
  readonly version: FormatVersion | undefined;
  readonly catalog: ArchiveCatalog;
  /** Absolute path of an item's file (which exists when `catalog.has(ref)`). */
  itemFile(ref: ItemRef): string;
  /** Reads and parses one item; `ArchiveFormatError` when it is not a JSON object. */
  readItem(ref: ItemRef): Promise<Record<string, unknown>>;
  /** Deletes the scratch directory. */
  remove(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

const writeFlags =
  constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW;

/**
 * Extracts `source` into a new directory under `parentDir`, writing only the version entry
 * and item entries (regular files, mode 0600) and never following or creating links.
 * Everything `readArchive` refuses is refused here too; on any failure the directory is
 * removed before the error is rethrown, so nothing is left behind.
 */
export async function extractArchive(
  source: ArchiveSource,
  options: ExtractArchiveOptions = {},
): Promise<ExtractedArchive> {
  const dir = await mkdtemp(join(options.parentDir ?? tmpdir(), "velero-restore-"));
  const remove = (): Promise<void> => rm(dir, { recursive: true, force: true });
  try {
    const { catalog, version } = await extractInto(dir, source, options);
    const itemFile = (ref: ItemRef): string => join(dir, itemPath(ref));
    return {
      dir,
      version,
      catalog,
      itemFile,
      readItem: async (ref) => parseItem(await readFile(itemFile(ref)), itemPath(ref)),
      remove,
      [Symbol.asyncDispose]: remove,
    };
  } catch (error) {
    await remove();
    throw error;
  }
}

async function extractInto(
  dir: string,
  source: ArchiveSource,
  options: ArchiveReadOptions,
): Promise<{ catalog: ArchiveCatalog; version: FormatVersion | undefined }> {
  const catalog = new ArchiveCatalog();
  const createdDirs = new Set<string>();
  let version: FormatVersion | undefined;
  for await (const entry of readArchive(source, options)) {
    const target = join(dir, entry.path);
    if (!target.startsWith(dir + sep)) {
      throw new UnsafeArchiveEntryError(entry.path, "the path leaves the extraction directory");
    }
    const parent = dirname(target);
    if (!createdDirs.has(parent)) {
      await explainConflict(mkdir(parent, { recursive: true, mode: 0o700 }), entry.path);
      createdDirs.add(parent);
    }
    const body = entry.kind === "version" ? Buffer.from(`${entry.version.text}\n`) : entry.body;
    await explainConflict(writeFile(target, body, { flag: writeFlags, mode: 0o600 }), entry.path);
    if (entry.kind === "version") version = entry.version;
    else catalog.add(entry.item);
  }
  return { catalog, version };
}

const conflictCodes = new Set(["EEXIST", "EISDIR", "ENOTDIR", "ELOOP"]);

/** Turns a file/directory clash between two entries into an `ArchiveFormatError`. */
async function explainConflict(operation: Promise<unknown>, path: string): Promise<void> {
  try {
    await operation;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== "string" || !conflictCodes.has(code)) throw error;
    throw new ArchiveFormatError(`cannot extract archive entry ${JSON.stringify(path)}: ${code}`, {
      cause: error,
    });
  }
}

function parseItem(bytes: Buffer, path: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString("utf8"));
  } catch (error) {
    throw new ArchiveFormatError(`archive item ${path} is not valid JSON`, { cause: error });
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new ArchiveFormatError(`archive item ${path} is not a JSON object`);
  }
  return parsed as Record<string, unknown>;
}
