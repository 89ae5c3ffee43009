// Chunk ids: a keyed hash (HMAC-SHA256) of a chunk's plaintext, so equal content dedupes
// while ids reveal nothing about content to someone without the repository keys.
import { createHmac } from "node:crypto";

/** Length of a chunk id in bytes. */
export const chunkIdLength = 32;

/** HMAC-SHA256 of `data` under the repository's MAC key. */
export function computeChunkId(macKey: Buffer, data: Uint8Array): Buffer {
  return createHmac("sha256", macKey).update(data).digest();
}

/** Parses a 64-character hex chunk id; returns undefined when malformed. */
export function parseChunkId(hex: string): Buffer | undefined {
  if (hex.length !== chunkIdLength * 2 || !/^[0-9a-f]+$/.test(hex)) return undefined;
  return Buffer.from(hex, "hex");
}
