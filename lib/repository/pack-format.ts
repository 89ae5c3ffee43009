// The layout of a pack object: `KVPK` header, sealed chunks back to back, a sealed trailer that
// lists the chunks (so indexes can be rebuilt from packs), and a fixed footer.
import { randomBytes } from "node:crypto";
import { chunkIdLength } from "./chunk-id.js";
import { openBlob, sealBlob } from "./crypto.js";

const magic = Buffer.from("KVPK");
const version = 1;
/** Bytes before the first chunk. */
export const packHeaderLength = 8;
/** Bytes after the trailer: trailer length (u32 LE) and the magic again. */
export const packFooterLength = 8;
/** Bytes of one entry in a pack trailer (and in a {@link PackEntryList}). */
export const trailerEntryLength = chunkIdLength + 13;
const trailerAad = Buffer.from("pack-trailer");

/** One chunk as listed in a pack trailer. */
export interface PackEntry {
  readonly id: Buffer;
  readonly offset: number;
  readonly length: number;
  readonly rawLength: number;
  readonly flags: number;
}

/** A fresh random pack id (32 hex characters). */
export function newPackId(): string {
  return randomBytes(16).toString("hex");
}

/** The 8-byte pack header. */
export function packHeader(): Buffer {
  const header = Buffer.alloc(packHeaderLength);
  magic.copy(header, 0);
  header.writeUInt8(version, 4);
  return header;
}

/**
 * Pack entries held compactly (45 bytes each, the trailer's plaintext format), so a pack of
 * a hundred thousand tiny chunks costs a few megabytes, not a hundred thousand objects.
 */
export class PackEntryList {
  private buf = Buffer.allocUnsafe(trailerEntryLength * 256);
  private size = 0;

  get count(): number {
    return this.size;
  }

  push(id: Uint8Array, entry: Omit<PackEntry, "id">): void {
    if ((this.size + 1) * trailerEntryLength > this.buf.length) {
      const grown = Buffer.allocUnsafe(this.buf.length * 2);
      this.buf.copy(grown, 0, 0, this.size * trailerEntryLength);
      this.buf = grown;
    }
    const at = this.size++ * trailerEntryLength;
    this.buf.set(id.subarray(0, chunkIdLength), at);
    this.buf.writeUInt32LE(entry.offset, at + 32);
    this.buf.writeUInt32LE(entry.length, at + 36);
    this.buf.writeUInt32LE(entry.rawLength, at + 40);
    this.buf.writeUInt8(entry.flags, at + 44);
  }

  /** Entry `i`; its id is a view into the list. */
  get(i: number): PackEntry {
    const at = i * trailerEntryLength;
    return {
      id: this.buf.subarray(at, at + chunkIdLength),
      offset: this.buf.readUInt32LE(at + 32),
      length: this.buf.readUInt32LE(at + 36),
      rawLength: this.buf.readUInt32LE(at + 40),
      flags: this.buf.readUInt8(at + 44),
    };
  }

  /** The entries in trailer format. */
  bytes(): Buffer {
    return this.buf.subarray(0, this.size * trailerEntryLength);
  }
}

/** The sealed trailer followed by the footer. */
export function packTrailer(key: Buffer, entries: PackEntryList): Buffer {
  const sealed = sealBlob(key, entries.bytes(), trailerAad);
  const footer = Buffer.alloc(packFooterLength);
  footer.writeUInt32LE(sealed.length, 0);
  magic.copy(footer, 4);
  return Buffer.concat([sealed, footer]);
}

/** Reads the trailer length from a footer; throws a plain Error when it is not a footer. */
export function parsePackFooter(footer: Buffer): number {
  if (footer.length !== packFooterLength || !footer.subarray(4).equals(magic)) {
    throw new Error("pack footer is damaged");
  }
  return footer.readUInt32LE(0);
}

/** Opens and parses a sealed trailer; throws a plain Error when damaged. */
export function parsePackTrailer(key: Buffer, sealed: Buffer): PackEntry[] {
  const plain = openBlob(key, sealed, trailerAad);
  if (plain.length % trailerEntryLength !== 0) throw new Error("pack trailer has a bad length");
  const entries: PackEntry[] = [];
  for (let at = 0; at < plain.length; at += trailerEntryLength) {
    entries.push({
      id: Buffer.from(plain.subarray(at, at + chunkIdLength)),
      offset: plain.readUInt32LE(at + 32),
      length: plain.readUInt32LE(at + 36),
      rawLength: plain.readUInt32LE(at + 40),
      flags: plain.readUInt8(at + 44),
    });
  }
  return entries;
}

/** Checks the header of a whole pack body. */
export function hasPackHeader(body: Buffer): boolean {
  return body.length >= packHeaderLength && body.subarray(0, 4).equals(magic);
}
