// Binary encoding of index blobs (`indexes/<id>`): the chunk entries one backup session added,
// sealed like every other blob. Readers merge all index blobs when a repository opens.
import { chunkIdLength } from "./chunk-id.js";
import type { ChunkIndex, ChunkLocation } from "./chunk-index.js";

const magic = Buffer.from("KVIX");
const version = 1;
const headerLength = 16;
const packIdLength = 16;
const entryLength = chunkIdLength + 17;

/** Associated data binding a sealed blob to the index role. */
export const indexAad = Buffer.from("index");

/** An entry as written to an index blob. */
export interface IndexEntry {
  readonly id: Uint8Array;
  readonly location: ChunkLocation;
}

/** Encodes entries: header, the distinct pack ids, then fixed-width entries. */
export function encodeIndexBlob(entries: Iterable<IndexEntry>): Buffer {
  const packs = new Map<string, number>();
  const list = [...entries];
  for (const { location } of list) {
    if (!packs.has(location.packId)) packs.set(location.packId, packs.size);
  }
  const out = Buffer.alloc(headerLength + packs.size * packIdLength + list.length * entryLength);
  magic.copy(out, 0);
  out.writeUInt8(version, 4);
  out.writeUInt32LE(packs.size, 8);
  out.writeUInt32LE(list.length, 12);
  let at = headerLength;
  for (const packId of packs.keys()) at += out.write(packId, at, packIdLength, "hex");
  for (const { id, location } of list) {
    out.set(id.subarray(0, chunkIdLength), at);
    out.writeUInt32LE(packs.get(location.packId) ?? 0, at + 32);
    out.writeUInt32LE(location.offset, at + 36);
    out.writeUInt32LE(location.length, at + 40);
    out.writeUInt32LE(location.rawLength, at + 44);
    out.writeUInt8(location.flags, at + 48);
    at += entryLength;
  }
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
  for (let i = 0; i < count; i++, at += entryLength) {
    const packId = packIds[bytes.readUInt32LE(at + 32)];
    if (packId === undefined) throw new Error("index entry names an unknown pack");
    into.add(bytes.subarray(at, at + chunkIdLength), {
      packId,
      offset: bytes.readUInt32LE(at + 36),
      length: bytes.readUInt32LE(at + 40),
      rawLength: bytes.readUInt32LE(at + 44),
      flags: bytes.readUInt8(at + 48),
    });
  }
}
