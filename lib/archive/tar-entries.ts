// Pulls tar entries out of a decompressed byte stream one at a time (memory bounded by the
// largest allowed entry), decoding headers with the `tar` package's Header and Pax classes.
import { Header, Pax, type HeaderData } from "tar";
import { ArchiveFormatError, ArchiveTooLargeError } from "./errors.js";
import { tarBlockSize, tarPadding } from "./tar-header.js";

/** One tar entry as stored; `body` is filled for regular files only. */
export interface TarEntry {
  /** Path as recorded (PAX and GNU long names applied), not yet checked for safety. */
  readonly path: string;
  /** The `tar` package's type name: `File`, `Directory`, `SymbolicLink`, `Link`, ... */
  readonly type: string;
  readonly size: number;
  readonly linkpath?: string;
  readonly body: Buffer;
}

/** Limits of {@link readTarEntries}. */
export interface TarEntryLimits {
  /** Largest entry body accepted; larger ones throw `ArchiveTooLargeError` before reading. */
  readonly maxEntryBytes: number;
}

const fileTypes = new Set(["File", "OldFile", "ContiguousFile"]);
const maxMetaBytes = 1024 * 1024;
const empty: Buffer = Buffer.alloc(0);

interface Extensions {
  local?: HeaderData;
  global?: HeaderData;
}

/**
 * Yields the entries of an uncompressed tar stream in order. Stops at the first zero block
 * (end of archive) or when the stream ends on a header boundary, as Go's reader does.
 * Throws `ArchiveFormatError` for a bad header checksum or a truncated entry, and
 * `ArchiveTooLargeError` for an entry over `limits.maxEntryBytes`.
 */
export async function* readTarEntries(
  chunks: AsyncIterable<Buffer>,
  limits: TarEntryLimits,
): AsyncGenerator<TarEntry> {
  const reader = new ChunkReader(chunks[Symbol.asyncIterator]());
  const extensions: Extensions = {};
  for (let index = 0; ; index++) {
    const header = await readHeader(reader, extensions, index);
    if (header === undefined) return;
    const extension = extensionKinds.get(header.type);
    if (extension !== undefined) {
      await readExtension(reader, header, extension, extensions);
      continue;
    }
    const local = extensions.local;
    extensions.local = undefined;
    yield await readEntry(reader, header, limits, local);
  }
}

/** The next header, or `undefined` at the end of the archive. */
async function readHeader(
  reader: ChunkReader,
  extensions: Extensions,
  index: number,
): Promise<Header | undefined> {
  const block = await reader.read(tarBlockSize, true);
  if (block === undefined) return undefined;
  const header = new Header(block, 0, extensions.local, extensions.global);
  if (header.nullBlock) return undefined;
  if (!header.cksumValid) {
    throw new ArchiveFormatError(`invalid tar header checksum at entry ${index}`);
  }
  return header;
}

async function readEntry(
  reader: ChunkReader,
  header: Header,
  limits: TarEntryLimits,
  extended: HeaderData | undefined,
): Promise<TarEntry> {
  // The tar package's Header prepends a USTAR prefix field even to a PAX path; the PAX
  // record is the whole path, so it wins (as the package's own ReadEntry decides).
  const path = extended?.path ?? header.path ?? "";
  const linkpath = extended?.linkpath ?? header.linkpath;
  const size = header.size ?? 0;
  if (size > limits.maxEntryBytes) {
    throw new ArchiveTooLargeError(
      `archive entry ${JSON.stringify(path)} is ${size} bytes, over the limit of ${limits.maxEntryBytes}`,
      limits.maxEntryBytes,
    );
  }
  let body = empty;
  if (fileTypes.has(header.type)) body = await readBody(reader, size);
  else await reader.skip(size + tarPadding(size));
  return { path, type: header.type, size, linkpath, body };
}

type ExtensionKind = "pax" | "global" | "longPath" | "longLink";

const extensionKinds: ReadonlyMap<string, ExtensionKind> = new Map([
  ["ExtendedHeader", "pax"],
  ["OldExtendedHeader", "pax"],
  ["GlobalExtendedHeader", "global"],
  ["NextFileHasLongPath", "longPath"],
  ["OldGnuLongPath", "longPath"],
  ["NextFileHasLongLinkpath", "longLink"],
]);

/** Consumes a PAX or GNU long-name entry into `extensions`. */
async function readExtension(
  reader: ChunkReader,
  header: Header,
  kind: ExtensionKind,
  extensions: Extensions,
): Promise<void> {
  const size = header.size ?? 0;
  if (size > maxMetaBytes) {
    throw new ArchiveTooLargeError(`tar extended header of ${size} bytes`, maxMetaBytes);
  }
  const text = (await readBody(reader, size)).toString("utf8");
  const value = text.replace(/\0.*/s, "");
  switch (kind) {
    case "pax":
      extensions.local = Pax.parse(text, extensions.local, false);
      break;
    case "global":
      extensions.global = Pax.parse(text, extensions.global, true);
      break;
    case "longPath":
      extensions.local = { ...extensions.local, path: value };
      break;
    case "longLink":
      extensions.local = { ...extensions.local, linkpath: value };
      break;
  }
}

async function readBody(reader: ChunkReader, size: number): Promise<Buffer> {
  const body = size === 0 ? empty : await reader.read(size, false);
  await reader.skip(tarPadding(size));
  return body ?? empty;
}

/** Reads exact byte counts from a stream of chunks without copying more than needed. */
class ChunkReader {
  readonly #chunks: AsyncIterator<Buffer>;
  #chunk: Buffer = empty;
  #offset = 0;

  constructor(chunks: AsyncIterator<Buffer>) {
    this.#chunks = chunks;
  }

  /**
   * Exactly `size` bytes (a copy), or `undefined` when `atBoundary` and the stream has ended
   * before the first byte. Any other shortfall is a truncated archive.
   */
  async read(size: number, atBoundary: boolean): Promise<Buffer | undefined> {
    if (this.#chunk.length - this.#offset >= size) {
      const out = Buffer.from(this.#chunk.subarray(this.#offset, this.#offset + size));
      this.#offset += size;
      return out;
    }
    const out = Buffer.allocUnsafe(size);
    let filled = 0;
    while (filled < size) {
      if (!(await this.#ensure())) {
        if (filled === 0 && atBoundary) return undefined;
        throw new ArchiveFormatError("the archive is truncated");
      }
      const take = Math.min(size - filled, this.#chunk.length - this.#offset);
      this.#chunk.copy(out, filled, this.#offset, this.#offset + take);
      this.#offset += take;
      filled += take;
    }
    return out;
  }

  /** Skips `size` bytes; a shortfall is a truncated archive. */
  async skip(size: number): Promise<void> {
    let left = size;
    while (left > 0) {
      if (!(await this.#ensure())) throw new ArchiveFormatError("the archive is truncated");
      const take = Math.min(left, this.#chunk.length - this.#offset);
      this.#offset += take;
      left -= take;
    }
  }

  async #ensure(): Promise<boolean> {
    while (this.#offset >= this.#chunk.length) {
      const next = await this.#chunks.next();
      if (next.done === true) return false;
      this.#chunk = next.value;
      this.#offset = 0;
    }
    return true;
  }
}
