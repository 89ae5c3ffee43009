// Reads a backup archive as a stream of checked entries: the format version and the items,
// refusing unsafe entries, unknown major versions and anything over the size limits.
import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { silentLogger, type Logger } from "../log.js";
import { entryDisposition, safeEntryPath } from "./entry-guard.js";
import { parseItemPath, type ItemRef } from "./entry-path.js";
import { ArchiveFormatError, ArchiveTooLargeError } from "./errors.js";
import { parseVersionEntry, versionEntryPath, type FormatVersion } from "./format.js";
import { readTarEntries, type TarEntry } from "./tar-entries.js";

/** Where archive bytes come from: an `ObjectStore.get` stream, a file stream, chunks. */
export type ArchiveSource = Readable | AsyncIterable<Uint8Array>;

/** Default per-entry limit: far above any Kubernetes object (etcd caps them near 1.5 MiB). */
export const defaultMaxEntryBytes = 64 * 1024 * 1024;

/** Default limit on the decompressed size of a whole archive (and so on disk use when extracting). */
export const defaultMaxTotalBytes = 8 * 1024 * 1024 * 1024;

/** Options of {@link readArchive}. */
export interface ArchiveReadOptions {
  /** Largest entry accepted; see {@link defaultMaxEntryBytes}. */
  readonly maxEntryBytes?: number;
  /**
   * Largest decompressed tar stream accepted (headers and padding included); reading stops
   * with `ArchiveTooLargeError` as soon as it is passed. See {@link defaultMaxTotalBytes}.
   */
  readonly maxTotalBytes?: number;
  /** Receives a warning for each unexpected-but-safe entry that is skipped. */
  readonly logger?: Logger;
}

/** What {@link readArchive} yields. */
export type ArchiveEntry =
  | { readonly kind: "version"; readonly path: string; readonly version: FormatVersion }
  | {
      readonly kind: "item";
      readonly path: string;
      readonly item: ItemRef;
      /** The item's JSON bytes as stored. */
      readonly body: Buffer;
    };

/**
 * Yields the version entry and every item entry in archive order, one at a time (memory is
 * bounded by the largest entry). Directories are skipped; other safe but unexpected entries
 * are skipped with a warning, as Velero's restore does. After the tar trailer the rest of
 * the gzip stream is read so a truncated or corrupt download is detected.
 *
 * Throws `UnsafeArchiveEntryError` (absolute path, `..`, link, device, FIFO),
 * `UnsupportedArchiveVersionError` (major version not 1), `ArchiveTooLargeError` (limits),
 * `ArchiveFormatError` (not gzip, bad tar header, truncation). Errors of the source stream
 * itself pass through unchanged.
 */
export async function* readArchive(
  source: ArchiveSource,
  options: ArchiveReadOptions = {},
): AsyncGenerator<ArchiveEntry> {
  const logger = options.logger ?? silentLogger;
  const chunks = decompress(source, options.maxTotalBytes ?? defaultMaxTotalBytes);
  try {
    const limits = { maxEntryBytes: options.maxEntryBytes ?? defaultMaxEntryBytes };
    let sawVersion = false;
    for await (const entry of readTarEntries(chunks, limits)) {
      const classified = classify(entry, logger);
      if (classified === undefined) continue;
      if (classified.kind === "item" && !sawVersion) {
        logger.warn("Backup archive has no leading metadata/version; reading it as format 1");
      }
      sawVersion = true;
      yield classified;
    }
    for await (const _ of chunks);
  } finally {
    await chunks.return(undefined);
  }
}

function classify(entry: TarEntry, logger: Logger): ArchiveEntry | undefined {
  const path = safeEntryPath(entry.path);
  const disposition = entryDisposition(entry.type, path);
  if (disposition === "directory") return undefined;
  if (disposition === "ignore") {
    logger.warn("Ignoring unsupported archive entry type", { path, type: entry.type });
    return undefined;
  }
  if (path === versionEntryPath) {
    return { kind: "version", path, version: parseVersionEntry(entry.body) };
  }
  const item = parseItemPath(path);
  if (item === undefined) {
    logger.warn("Ignoring unexpected file in backup archive", { path });
    return undefined;
  }
  return { kind: "item", path, item, body: entry.body };
}

/** Gunzipped chunks of `source`, failing once more than `maxBytes` come out. */
async function* decompress(source: ArchiveSource, maxBytes: number): AsyncGenerator<Buffer> {
  const input = source instanceof Readable ? source : Readable.from(source);
  const gunzip = createGunzip({ chunkSize: 64 * 1024 });
  input.on("error", (error) => gunzip.destroy(error));
  input.pipe(gunzip);
  let total = 0;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) {
        throw new ArchiveTooLargeError(
          `the archive decompresses to more than ${maxBytes} bytes`,
          maxBytes,
        );
      }
      yield chunk;
    }
  } catch (error) {
    throw isZlibError(error)
      ? new ArchiveFormatError(`the archive is not valid gzip: ${error.message}`, { cause: error })
      : error;
  } finally {
    input.unpipe(gunzip);
    input.destroy();
    gunzip.destroy();
  }
}

function isZlibError(error: unknown): error is Error {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && code.startsWith("Z_");
}
