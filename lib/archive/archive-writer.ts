// Writes a backup archive (gzip of tar, format 1.1.0) as a stream, so it can be uploaded
// while the backup is still collecting items and never has to fit in memory.
import { once } from "node:events";
import type { Readable } from "node:stream";
import { createGzip, type Gzip } from "node:zlib";
import { systemClock, type Clock } from "../clock.js";
import { InvalidInputError } from "../errors.js";
import { itemDirectory, itemFileName } from "./entry-path.js";
import { ArchiveClosedError } from "./errors.js";
import { encodeVersionEntry, versionEntryPath } from "./format.js";
import { marshalSorted } from "./go-json.js";
import { tarBlockSize, tarHeaderLength, tarPadding, writeTarFileHeader } from "./tar-header.js";

/**
 * Gzip level used by default. Level 1 measured fastest here for item JSON while compressing
 * only a little worse than level 6 (zlib's default, which Velero uses); every level reads
 * the same, see bench/archive/README.md.
 */
export const defaultGzipLevel = 1;

const defaultChunkBytes = 256 * 1024;
const maxCachedDirectories = 10_000;

/** Options of {@link ArchiveWriter}. */
export interface ArchiveWriterOptions {
  /** Source of the entries' modification time. */
  readonly clock?: Clock;
  /** zlib level 0–9; defaults to {@link defaultGzipLevel}. */
  readonly gzipLevel?: number;
  /** Tar bytes are handed to gzip in chunks of about this size (fewer zlib calls). */
  readonly chunkBytes?: number;
}

/** Where {@link ArchiveWriter.add} files an item. */
export interface AddItemOptions {
  /** `pods`, `deployments.apps`, ... (see `formatGroupResource`). */
  readonly groupResource: string;
  /** The API version the item was read in, e.g. `v1`. */
  readonly version: string;
  /** Defaults to the item's `metadata.namespace`; empty or absent for cluster scope. */
  readonly namespace?: string;
  /** Defaults to the item's `metadata.name`. */
  readonly name?: string;
  /**
   * True (the default) when `version` is the preferred version: the item is written twice,
   * unversioned and under `<version>-preferredversion/`. False writes it once under `<version>/`.
   */
  readonly preferred?: boolean;
}

/**
 * Streams a backup archive. `metadata/version` is written on construction; every `add`
 * appends entries in call order; `finish` writes the tar trailer and ends the gzip stream.
 *
 * Contract:
 * - `stream` must be consumed (e.g. piped into `ObjectStore.put`); the promise returned by
 *   `add` resolves only once gzip has room again, so memory stays bounded by a few chunks
 *   whatever the number of items.
 * - Entries are regular files, mode 0755, uid/gid 0, mtime from the clock; no directory
 *   entries; items are compact JSON with keys sorted at every level and no trailing newline.
 * - When `stream` is destroyed (its reader failed) or `abort` is called, pending and later
 *   `add`/`finish` calls reject with the cause (or `ArchiveClosedError`).
 */
export class ArchiveWriter {
  /** The gzip(tar) bytes. */
  readonly stream: Readable;
  readonly #gzip: Gzip;
  readonly #clock: Clock;
  readonly #chunkBytes: number;
  #batch: Buffer;
  #used = 0;
  #needsDrain = false;
  #items = 0;
  #entries = 0;
  #tarBytes = 0;
  #failure: Error | undefined;
  #finished = false;
  readonly #directories = new Map<string, readonly string[]>();

  constructor(options: ArchiveWriterOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#chunkBytes = options.chunkBytes ?? defaultChunkBytes;
    this.#gzip = createGzip({ level: options.gzipLevel ?? defaultGzipLevel });
    this.#gzip.on("error", (error: Error) => {
      this.#failure ??= error;
    });
    this.stream = this.#gzip;
    this.#batch = Buffer.allocUnsafe(this.#chunkBytes);
    this.#append(versionEntryPath, encodeVersionEntry(), this.#clock.now());
  }

  /** Items added so far. */
  get itemCount(): number {
    return this.#items;
  }

  /** Tar entries written so far, `metadata/version` included. */
  get entryCount(): number {
    return this.#entries;
  }

  /** Uncompressed tar bytes produced so far. */
  get tarBytes(): number {
    return this.#tarBytes;
  }

  /**
   * Adds one item (a Kubernetes object as JSON) and resolves when more may be added.
   * Throws `InvalidInputError` when the item has no name or a path segment is invalid.
   */
  async add(item: Readonly<Record<string, unknown>>, options: AddItemOptions): Promise<void> {
    const metadata = readMetadata(item);
    const name = options.name ?? metadata.name;
    if (name === undefined || name === "") {
      throw new InvalidInputError("an archive item needs metadata.name");
    }
    const directories = this.#directoriesOf(options, options.namespace ?? metadata.namespace);
    const file = itemFileName(name);
    const paths = directories.map((directory) => directory + file);
    this.#appendCopies(paths, marshalSorted(item), this.#clock.now());
    this.#items++;
    await this.#settle();
  }

  /** The directories `add` writes an item into, cached per resource, version and namespace. */
  #directoriesOf(options: AddItemOptions, namespace: string | undefined): readonly string[] {
    const preferred = options.preferred ?? true;
    const key = `${options.groupResource}\n${options.version}\n${String(preferred)}\n${namespace ?? ""}`;
    let directories = this.#directories.get(key);
    if (directories === undefined) {
      const base = { groupResource: options.groupResource, namespace };
      const versioned = { ...base, version: options.version, preferred };
      directories = preferred
        ? [itemDirectory(base), itemDirectory(versioned)]
        : [itemDirectory(versioned)];
      if (this.#directories.size >= maxCachedDirectories) this.#directories.clear();
      this.#directories.set(key, directories);
    }
    return directories;
  }

  /**
   * Adds a raw entry at a relative archive path (e.g. when copying entries from another
   * archive). Throws `InvalidInputError` for absolute paths or `.`/`..` segments.
   */
  async addEntry(path: string, body: Buffer): Promise<void> {
    if (!isPlainRelativePath(path)) {
      throw new InvalidInputError(`invalid archive entry path ${JSON.stringify(path)}`);
    }
    this.#append(path, body, this.#clock.now());
    await this.#settle();
  }

  /** Writes the tar trailer, ends the gzip stream and resolves once gzip has taken every byte. */
  async finish(): Promise<void> {
    this.#checkOpen();
    this.#reserve(2 * tarBlockSize);
    this.#batch.fill(0, this.#used, this.#used + 2 * tarBlockSize);
    this.#used += 2 * tarBlockSize;
    this.#tarBytes += 2 * tarBlockSize;
    this.#flush();
    this.#finished = true;
    const finished = once(this.#gzip, "finish");
    this.#gzip.end();
    try {
      await finished;
    } catch (error) {
      throw this.#failure ?? error;
    }
  }

  /** Fails the stream: its reader sees `error`, and later calls reject with it. */
  abort(error: Error): void {
    this.#failure ??= error;
    this.#gzip.destroy(error);
  }

  #append(path: string, body: Buffer, mtime: Date): void {
    this.#checkOpen();
    const headerLength = tarHeaderLength(path);
    const total = headerLength + body.length + tarPadding(body.length);
    this.#reserve(total);
    let at = this.#used;
    at += writeTarFileHeader(this.#batch, at, { path, size: body.length, mtime });
    at += body.copy(this.#batch, at);
    this.#batch.fill(0, at, at + tarPadding(body.length));
    this.#used += total;
    this.#tarBytes += total;
    this.#entries++;
  }

  /**
   * Appends one entry per path, all with the same JSON body, in one batch: the text is
   * encoded once and the later copies are copied within the batch.
   */
  #appendCopies(paths: readonly string[], json: string, mtime: Date): void {
    this.#checkOpen();
    const size = Buffer.byteLength(json);
    const entryBytes = paths.map((p) => tarHeaderLength(p) + size + tarPadding(size));
    const total = entryBytes.reduce((a, b) => a + b, 0);
    this.#reserve(total);
    let bodyAt = -1;
    let at = this.#used;
    for (const path of paths) {
      at += writeTarFileHeader(this.#batch, at, { path, size, mtime });
      if (bodyAt < 0) this.#batch.write(json, at, size, "utf8");
      else this.#batch.copy(this.#batch, at, bodyAt, bodyAt + size);
      bodyAt = at;
      at += size;
      this.#batch.fill(0, at, at + tarPadding(size));
      at += tarPadding(size);
    }
    this.#used += total;
    this.#tarBytes += total;
    this.#entries += paths.length;
  }

  /** Makes room for `bytes` in the batch, handing the current batch to gzip if needed. */
  #reserve(bytes: number): void {
    if (this.#used + bytes <= this.#batch.length) return;
    this.#flush();
    if (bytes > this.#batch.length) this.#batch = Buffer.allocUnsafe(bytes);
  }

  #flush(): void {
    if (this.#used === 0) return;
    const chunk = this.#batch.subarray(0, this.#used);
    this.#batch = Buffer.allocUnsafe(this.#chunkBytes);
    this.#used = 0;
    if (!this.#gzip.write(chunk)) this.#needsDrain = true;
  }

  async #settle(): Promise<void> {
    if (!this.#needsDrain) return;
    this.#needsDrain = false;
    try {
      await waitForDrain(this.#gzip);
    } catch (error) {
      throw this.#failure ?? error;
    }
  }

  #checkOpen(): void {
    const failure = this.#failure ?? this.#gzip.errored ?? undefined;
    if (failure !== undefined) throw failure;
    if (this.#gzip.destroyed) throw new ArchiveClosedError("the archive stream was closed");
    if (this.#finished) throw new ArchiveClosedError("the archive is already finished");
  }
}

function waitForDrain(stream: Gzip): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (stream.destroyed) {
      reject(new ArchiveClosedError("the archive stream was closed"));
      return;
    }
    const done = (error?: Error): void => {
      stream.off("drain", onDrain);
      stream.off("close", onClose);
      stream.off("error", onError);
      if (error === undefined) resolve();
      else reject(error);
    };
    const onDrain = (): void => {
      done();
    };
    const onClose = (): void => {
      done(new ArchiveClosedError("the archive stream was closed before it drained"));
    };
    const onError = (error: Error): void => {
      done(error);
    };
    stream.on("drain", onDrain);
    stream.on("close", onClose);
    stream.on("error", onError);
  });
}

function readMetadata(item: Readonly<Record<string, unknown>>): {
  name?: string;
  namespace?: string;
} {
  const metadata = item["metadata"];
  if (typeof metadata !== "object" || metadata === null) return {};
  const { name, namespace } = metadata as Record<string, unknown>;
  return {
    name: typeof name === "string" ? name : undefined,
    namespace: typeof namespace === "string" ? namespace : undefined,
  };
}

function isPlainRelativePath(path: string): boolean {
  if (path === "" || path.startsWith("/") || path.includes("\0")) return false;
  return path.split("/").every((s) => s !== "" && s !== "." && s !== "..");
}
