// Binary encoding of index blobs (`indexes/<id>`): the chunk entries one backup session added,
// sealed like every other blob. Readers merge all index blobs when a repository opens.
import { chunkIdLength } from "./chunk-id.js";
import type { ChunkIndex } from "./chunk-index.js";
import type { PackEntryList } from "./pack-format.js";

const magic = Buffer.from("KVIX");
const version = 1;
const headerLength = 16;
const packIdLength = 16;
const entryLength = chunkIdLength + 17;

/** Associated data binding a sealed blob to the index role. */
export const indexAad = Buffer.from("index");

/** The chunks of one pack, as listed in its trailer. */
export interface PackIndexPart {
  readonly packId: string;
  readonly entries: PackEntryList;
}

/** Encodes the entries of several packs: header, the pack ids, then fixed-width entries. */
export function encodeIndexBlob(parts: readonly PackIndexPart[]): Buffer {
  const count = parts.reduce((n, part) => n + part.entries.count, 0);
  const out = Buffer.alloc(headerLength + parts.length * packIdLength + count * entryLength);
  magic.copy(out, 0);
  out.writeUInt8(version, 4);
  out.writeUInt32LE(parts.length, 8);
  out.writeUInt32LE(count, 12);
  let at = headerLength;
  for (const part of parts) at += out.write(part.packId, at, packIdLength, "hex");
  parts.forEach((part, packNumber) => {
    for (let i = 0; i < part.entries.count; i++, at += entryLength) {
      const entry = part.entries.get(i);
      out.set(entry.id, at);
      out.writeUInt32LE(packNumber, at + 32);
      out.writeUInt32LE(entry.offset, at + 36);
      out.writeUInt32LE(entry.length, at + 40);
      out.writeUInt32LE(entry.rawLength, at + 44);
      out.writeUInt8(entry.flags, at + 48);
    }
  });
  return out;
}

/** Decodes an index blob into `into`; throws a plain Error when the bytes are malformed. */
export function decodeIndexBlob(bytes: Buffer, into: ChunkIndex): void {
  if (bytes.length < headerLength || !bytes.subarray(0, 4).equals(magic)) {
    throw new Error("not an index blob");
  }
  if (bytes.readUInt8(4) !== version)
    throw new Error(`unknown index version ${bytes.readUInt8(4)}`);
  const packCount = bytes.readUInt32LE(8);
  const count = bytes.readUInt32LE(12);
  if (bytes.length !== headerLength + packCount * packIdLength + count * entryLength) {
    throw new Error("index blob has the wrong length");
  }
  const packIds: string[] = [];
  let at = headerLength;
  for (let i = 0; i < packCount; i++, at += packIdLength) {
    packIds.push(bytes.toString("hex", at, at + packIdLength));
  }
  into.addEncoded(bytes, { start: at, stride: entryLength, count }, packIds);
}
