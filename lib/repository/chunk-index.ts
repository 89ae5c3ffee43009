// The chunk index: chunk id → (pack, offset, length), held compactly in typed arrays (about
// 60 bytes per chunk) so a million chunks cost tens of megabytes, not hundreds.
import { chunkIdLength } from "./chunk-id.js";

/** Where a chunk's stored form lives. */
export interface ChunkLocation {
  readonly packId: string;
  readonly offset: number;
  /** Stored (sealed) length. */
  readonly length: number;
  /** Plaintext length. */
  readonly rawLength: number;
  readonly flags: number;
}

const metaWidth = 4;

/** An open-addressing hash table over binary chunk ids. Adding an id twice keeps the first. */
export class ChunkIndex {
  private readonly packIds: string[] = [];
  private readonly packNumbers = new Map<string, number>();
  private ids = new Uint8Array(0);
  private meta = new Uint32Array(0);
  private flags = new Uint8Array(0);
  private slots = new Int32Array(16);
  private count = 0;

  /** Number of chunks indexed. */
  get size(): number {
    return this.count;
  }

  has(id: Uint8Array): boolean {
    return this.find(id, 0) >= 0;
  }

  /** The chunk's location, or undefined when not indexed. */
  lookup(id: Uint8Array): ChunkLocation | undefined {
    const entry = this.find(id, 0);
    return entry < 0 ? undefined : this.locationAt(entry);
  }

  /** Adds a chunk; returns false (and changes nothing) when the id is already indexed. */
  add(id: Uint8Array, location: ChunkLocation): boolean {
    if (this.find(id, 0) >= 0) return false;
    this.reserve(this.count + 1);
    const entry = this.count++;
    this.ids.set(id.subarray(0, chunkIdLength), entry * chunkIdLength);
    const m = entry * metaWidth;
    this.meta[m] = this.packNumber(location.packId);
    this.meta[m + 1] = location.offset;
    this.meta[m + 2] = location.length;
    this.meta[m + 3] = location.rawLength;
    this.flags[entry] = location.flags;
    this.insertSlot(entry);
    return true;
  }

  /**
   * Adds every entry of `other` not already present. When this index is empty it takes over
   * `other`'s arrays instead of copying them (so a first backup does not hold its index twice)
   * and `other` is left empty.
   */
  merge(other: ChunkIndex): void {
    if (this.count === 0 && this.packIds.length === 0) {
      this.adopt(other);
      return;
    }
    for (const [id, location] of other.entries()) this.add(id, location);
  }

  /**
   * Adds `count` entries laid out as in an index blob: from `start`, every `stride` bytes, a
   * 32-byte id, then u32 LE pack number (into `packIds`), offset, length and plain length, and
   * a flags byte. Ids already present keep their first location. Throws a plain Error for a
   * pack number outside `packIds`.
   */
  addEncoded(
    bytes: Buffer,
    layout: { start: number; stride: number; count: number },
    packIds: readonly string[],
  ): void {
    this.reserve(this.count + layout.count);
    for (let i = 0, at = layout.start; i < layout.count; i++, at += layout.stride) {
      if (this.find(bytes, at) >= 0) continue;
      const packId = packIds[bytes.readUInt32LE(at + chunkIdLength)];
      if (packId === undefined) throw new Error("index entry names an unknown pack");
      const pack = this.packNumber(packId);
      const entry = this.count++;
      this.ids.set(bytes.subarray(at, at + chunkIdLength), entry * chunkIdLength);
      const m = entry * metaWidth;
      this.meta[m] = pack;
      this.meta[m + 1] = bytes.readUInt32LE(at + chunkIdLength + 4);
      this.meta[m + 2] = bytes.readUInt32LE(at + chunkIdLength + 8);
      this.meta[m + 3] = bytes.readUInt32LE(at + chunkIdLength + 12);
      this.flags[entry] = bytes[at + chunkIdLength + 16] as number;
      this.insertSlot(entry);
    }
  }

  /** Every (id, location) pair, in insertion order. Ids are views; copy them to keep them. */
  *entries(): Generator<[Buffer, ChunkLocation]> {
    for (let entry = 0; entry < this.count; entry++) {
      yield [this.idAt(entry), this.locationAt(entry)];
    }
  }

  /** Ids of every pack that holds at least one indexed chunk. */
  packs(): string[] {
    return [...this.packIds];
  }

  private idAt(entry: number): Buffer {
    const start = entry * chunkIdLength;
    return Buffer.from(this.ids.buffer, this.ids.byteOffset + start, chunkIdLength);
  }

  private locationAt(entry: number): ChunkLocation {
    const m = entry * metaWidth;
    return {
      packId: this.packIds[this.meta[m] as number] as string,
      offset: this.meta[m + 1] as number,
      length: this.meta[m + 2] as number,
      rawLength: this.meta[m + 3] as number,
      flags: this.flags[entry] as number,
    };
  }

  private packNumber(packId: string): number {
    let n = this.packNumbers.get(packId);
    if (n === undefined) {
      n = this.packIds.length;
      this.packIds.push(packId);
      this.packNumbers.set(packId, n);
    }
    return n;
  }

  private hashOf(id: Uint8Array, offset: number): number {
    const a = id[offset] as number;
    const b = id[offset + 1] as number;
    const c = id[offset + 2] as number;
    const d = id[offset + 3] as number;
    return ((a << 24) | (b << 16) | (c << 8) | d) & (this.slots.length - 1);
  }

  /** The entry whose id is the 32 bytes of `id` from `at`, or -1. */
  private find(id: Uint8Array, at: number): number {
    const mask = this.slots.length - 1;
    for (let slot = this.hashOf(id, at); ; slot = (slot + 1) & mask) {
      const value = this.slots[slot] as number;
      if (value === 0) return -1;
      if (this.idEquals(value - 1, id, at)) return value - 1;
    }
  }

  private idEquals(entry: number, id: Uint8Array, at: number): boolean {
    const base = entry * chunkIdLength;
    for (let i = 0; i < chunkIdLength; i++) {
      if (this.ids[base + i] !== id[at + i]) return false;
    }
    return true;
  }

  /** Grows the arrays and the slot table (kept at most half full) for `count` entries. */
  private reserve(count: number): void {
    let size = this.slots.length;
    while (count * 2 > size) size *= 2;
    if (size !== this.slots.length) this.rehash(size);
    this.ensureCapacity(count);
  }

  private adopt(other: ChunkIndex): void {
    this.packIds.push(...other.packIds);
    for (const [packId, n] of other.packNumbers) this.packNumbers.set(packId, n);
    this.ids = other.ids;
    this.meta = other.meta;
    this.flags = other.flags;
    this.slots = other.slots;
    this.count = other.count;
    other.packIds.length = 0;
    other.packNumbers.clear();
    other.ids = new Uint8Array(0);
    other.meta = new Uint32Array(0);
    other.flags = new Uint8Array(0);
    other.slots = new Int32Array(16);
    other.count = 0;
  }

  private insertSlot(entry: number): void {
    const mask = this.slots.length - 1;
    let slot = this.hashOf(this.ids, entry * chunkIdLength);
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = entry + 1;
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size);
    for (let entry = 0; entry < this.count; entry++) this.insertSlot(entry);
  }

  private ensureCapacity(needed: number): void {
    if (needed <= this.flags.length) return;
    const capacity = Math.max(1024, needed, Math.ceil(this.flags.length * 1.5));
    const ids = new Uint8Array(capacity * chunkIdLength);
    ids.set(this.ids);
    const meta = new Uint32Array(capacity * metaWidth);
    meta.set(this.meta);
    const flags = new Uint8Array(capacity);
    flags.set(this.flags);
    this.ids = ids;
    this.meta = meta;
    this.flags = flags;
  }
}
