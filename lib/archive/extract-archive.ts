// Extracts a backup archive into a scratch directory and catalogs its items, so restore can
// read any item, by resource, in any order, without holding item bodies in memory.
import { createWriteStream, type WriteStream } from "node:fs";
import { mkdtemp, open, rm, type FileHandle } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readArchive, type ArchiveReadOptions, type ArchiveSource } from "./archive-reader.js";
import { ArchiveCatalog } from "./catalog.js";
import { itemPath, type ItemRef } from "./entry-path.js";
import { ArchiveFormatError } from "./errors.js";
import type { FormatVersion } from "./format.js";

/** Options of {@link extractArchive}. */
export interface ExtractArchiveOptions extends ArchiveReadOptions {
  /** Directory in which the scratch directory is created; defaults to the OS temp dir. */
  readonly parentDir?: string;
}

/** An archive extracted to disk. Remove it when done. */
export interface ExtractedArchive {
  /** The scratch directory. Its layout is private to this module. */
  readonly dir: string;
  /** From `metadata/version`; `undefined` for an archive without one. */
  readonly version: FormatVersion | undefined;
  /** Every item, by resource, version directory and namespace. */
  readonly catalog: ArchiveCatalog;
  /** The item's JSON bytes as stored; `ArchiveFormatError` when the archive lacks it. */
  readItemBytes(ref: ItemRef): Promise<Buffer>;
  /** Reads and parses one item; `ArchiveFormatError` when it is missing or not a JSON object. */
  readItem(ref: ItemRef): Promise<Record<string, unknown>>;
  /** Closes the data file and deletes the scratch directory; idempotent. */
  remove(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

const packFileName = "items.pack";

/**
 * Reads `source` through `readArchive` (so every guard and limit applies) and appends each
 * item's bytes to one data file in a new directory under `parentDir`, recording where each
 * item lives in the catalog. No path taken from the archive is ever used as a file-system
 * path, so an entry cannot reach outside the scratch directory even in principle, and disk
 * use is bounded by `maxTotalBytes`. A later entry for the same item replaces an earlier one.
 * On any failure the directory is removed before the error is rethrown.
 */
export async function extractArchive(
  source: ArchiveSource,
  options: ExtractArchiveOptions = {},
): Promise<ExtractedArchive> {
  const dir = await mkdtemp(join(options.parentDir ?? tmpdir(), "velero-restore-"));
  const packPath = join(dir, packFileName);
  try {
    const extracted = await writePack(packPath, source, options);
    const handle = await open(packPath, "r");
    return new PackedArchive(dir, handle, extracted);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

interface Packed {
  readonly catalog: ArchiveCatalog;
  readonly version: FormatVersion | undefined;
  readonly offsets: readonly number[];
  readonly lengths: readonly number[];
}

async function writePack(
  packPath: string,
  source: ArchiveSource,
  options: ArchiveReadOptions,
): Promise<Packed> {
  const out = createWriteStream(packPath, { flags: "wx", mode: 0o600 });
  out.on("error", () => undefined);
  const packed = {
    catalog: new ArchiveCatalog(),
    offsets: [] as number[],
    lengths: [] as number[],
  };
  let version: FormatVersion | undefined;
  let offset = 0;
  try {
    for await (const entry of readArchive(source, options)) {
      if (entry.kind === "version") {
        version = entry.version;
        continue;
      }
      packed.catalog.add(entry.item, packed.offsets.length);
      packed.offsets.push(offset);
      packed.lengths.push(entry.body.length);
      offset += entry.body.length;
      if (!out.write(entry.body)) await waitFor(out, "drain");
    }
    out.end();
    await waitFor(out, "finish");
  } finally {
    await closeStream(out);
  }
  return { ...packed, version };
}

/** Resolves on `event`, rejects on the stream's next error. */
function waitFor(out: WriteStream, event: "drain" | "finish"): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (error?: Error): void => {
      out.off(event, onEvent);
      out.off("error", settle);
      if (error === undefined) resolve();
      else reject(error);
    };
    const onEvent = (): void => {
      settle();
    };
    out.once(event, onEvent);
    out.once("error", settle);
  });
}

async function closeStream(out: WriteStream): Promise<void> {
  if (out.closed) return;
  const closed = new Promise<void>((resolve) =>
    out.once("close", () => {
      resolve();
    }),
  );
  out.destroy();
  await closed;
}

class PackedArchive implements ExtractedArchive {
  readonly dir: string;
  readonly version: FormatVersion | undefined;
  readonly catalog: ArchiveCatalog;
  readonly #handle: FileHandle;
  readonly #offsets: readonly number[];
  readonly #lengths: readonly number[];
  #removed: Promise<void> | undefined;

  constructor(dir: string, handle: FileHandle, packed: Packed) {
    this.dir = dir;
    this.#handle = handle;
    this.version = packed.version;
    this.catalog = packed.catalog;
    this.#offsets = packed.offsets;
    this.#lengths = packed.lengths;
  }

  async readItemBytes(ref: ItemRef): Promise<Buffer> {
    const location = this.catalog.locate(ref);
    const offset = location === undefined ? undefined : this.#offsets[location];
    const length = location === undefined ? undefined : this.#lengths[location];
    if (offset === undefined || length === undefined) {
      throw new ArchiveFormatError(`the archive has no item ${itemPath(ref)}`);
    }
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await this.#handle.read(buffer, 0, length, offset);
    if (bytesRead !== length) throw new ArchiveFormatError(`short read of ${itemPath(ref)}`);
    return buffer;
  }

  async readItem(ref: ItemRef): Promise<Record<string, unknown>> {
    return parseItem(await this.readItemBytes(ref), itemPath(ref));
  }

  remove(): Promise<void> {
    this.#removed ??= this.#handle
      .close()
      .finally(() => rm(this.dir, { recursive: true, force: true }));
    return this.#removed;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.remove();
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
