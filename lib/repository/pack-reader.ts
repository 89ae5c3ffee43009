// Reads chunks back out of pack objects with range reads, verifying each chunk's id (HMAC of
// its plaintext) so a damaged or swapped pack is reported by name.
import { ObjectNotFoundError, readObject, type ObjectStore } from "../storage/index.js";
import { decodeChunk } from "./chunk-codec.js";
import { computeChunkId } from "./chunk-id.js";
import type { ChunkLocation } from "./chunk-index.js";
import type { RepositoryKeys } from "./crypto.js";
import { CorruptPackError, MissingPackError } from "./errors.js";
import type { RepositoryLayout } from "./layout.js";
import {
  hasPackHeader,
  packFooterLength,
  parsePackFooter,
  parsePackTrailer,
  type PackEntry,
} from "./pack-format.js";

/** Options of {@link PackReader}. */
export interface PackReaderOptions {
  readonly store: ObjectStore;
  readonly layout: RepositoryLayout;
  readonly keys: RepositoryKeys;
}

/** Reads and verifies chunks; failures are `MissingPackError` or `CorruptPackError`. */
export class PackReader {
  private readonly options: PackReaderOptions;

  constructor(options: PackReaderOptions) {
    this.options = options;
  }

  /** The full key of a pack, as named in errors. */
  packKey(packId: string): string {
    return this.options.layout.key("packs", packId);
  }

  /** Reads `length` bytes at `offset` of a pack. */
  async readRange(packId: string, offset: number, length: number): Promise<Buffer> {
    const key = this.packKey(packId);
    let bytes: Buffer;
    try {
      bytes = await readObject(this.options.store, key, { offset, length });
    } catch (error) {
      if (error instanceof ObjectNotFoundError) throw new MissingPackError(key, { cause: error });
      throw error;
    }
    if (bytes.length !== length) {
      throw new CorruptPackError(key, `expected ${length} bytes at ${offset}, got ${bytes.length}`);
    }
    return bytes;
  }

  /** Opens one chunk's stored bytes and checks that its plaintext hashes to `id`. */
  decode(id: Uint8Array, location: ChunkLocation, stored: Uint8Array): Buffer {
    let plain: Buffer;
    try {
      plain = decodeChunk(this.options.keys.encryption, stored, location.flags);
    } catch (error) {
      throw new CorruptPackError(
        this.packKey(location.packId),
        `chunk at offset ${location.offset} fails authentication`,
        { cause: error },
      );
    }
    const actual = computeChunkId(this.options.keys.mac, plain);
    if (plain.length !== location.rawLength || !actual.equals(id)) {
      throw new CorruptPackError(
        this.packKey(location.packId),
        `chunk at offset ${location.offset} does not match its id`,
      );
    }
    return plain;
  }

  /** Reads and verifies one chunk. */
  async readChunk(id: Uint8Array, location: ChunkLocation): Promise<Buffer> {
    const stored = await this.readRange(location.packId, location.offset, location.length);
    return this.decode(id, location, stored);
  }

  /** Reads a whole pack object. */
  async readPack(packId: string): Promise<Buffer> {
    const key = this.packKey(packId);
    try {
      return await readObject(this.options.store, key);
    } catch (error) {
      if (error instanceof ObjectNotFoundError) throw new MissingPackError(key, { cause: error });
      throw error;
    }
  }

  /** Parses a whole pack's header, footer and trailer; `CorruptPackError` when damaged. */
  listEntries(packId: string, body: Buffer): PackEntry[] {
    const key = this.packKey(packId);
    try {
      if (!hasPackHeader(body)) throw new Error("pack header is damaged");
      const trailerLength = parsePackFooter(body.subarray(body.length - packFooterLength));
      const trailerStart = body.length - packFooterLength - trailerLength;
      if (trailerStart < 0) throw new Error("pack trailer length is out of range");
      const sealed = body.subarray(trailerStart, body.length - packFooterLength);
      return parsePackTrailer(this.options.keys.encryption, sealed);
    } catch (error) {
      throw new CorruptPackError(key, error instanceof Error ? error.message : String(error), {
        cause: error,
      });
    }
  }
}
