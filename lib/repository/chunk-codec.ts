// Turns a chunk's plaintext into its stored form and back: zstd when it pays, then AES-256-GCM.
import { Compressor, Decompressor } from "zstd-napi";
import { openBlob, sealBlob } from "./crypto.js";

/** Stored-form flags of a chunk (a bit set, kept in pack trailers and indexes). */
export const chunkFlags = { compressed: 1 } as const;

/** zstd level of chunks (shared with the worker source). */
export const compressionLevel = 1;
let compressor: Compressor | undefined;
let decompressor: Decompressor | undefined;

/** One zstd context per thread, reused: creating one per chunk costs more than tiny chunks. */
function zstdCompress(data: Buffer): Buffer {
  if (compressor === undefined) {
    compressor = new Compressor();
    compressor.setParameters({ compressionLevel });
  }
  return compressor.compress(data);
}

function zstdDecompress(data: Buffer): Buffer {
  decompressor ??= new Decompressor();
  return decompressor.decompress(data);
}
/** Below this size compression rarely pays for the frame header. */
export const minCompressSize = 64;
/** Compressed output is kept only below this share of the input. */
export const keepCompressedBelow = 0.98;

/** A chunk in stored form. */
export interface EncodedChunk {
  readonly sealed: Buffer;
  readonly flags: number;
}

/**
 * Compresses (zstd level 1, kept only when it saves more than 2%; zstd gives up on random
 * data at gigabytes per second, so no separate entropy probe is needed) and seals `data`.
 */
export function encodeChunk(key: Buffer, data: Buffer): EncodedChunk {
  if (data.length >= minCompressSize) {
    const packed = zstdCompress(data);
    if (packed.length < data.length * keepCompressedBelow) {
      return { sealed: sealBlob(key, packed), flags: chunkFlags.compressed };
    }
  }
  return { sealed: sealBlob(key, data), flags: 0 };
}

/** Reverses {@link encodeChunk}; throws when the bytes fail authentication or decompression. */
export function decodeChunk(key: Buffer, sealed: Uint8Array, flags: number): Buffer {
  const opened = openBlob(key, sealed);
  return (flags & chunkFlags.compressed) !== 0 ? zstdDecompress(opened) : opened;
}
