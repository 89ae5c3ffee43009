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
    return this.find(id) >= 0;
  }

  /** The chunk's location, or undefined when not indexed. */
  lookup(id: Uint8Array): ChunkLocation | undefined {
    const entry = this.find(id);
    return entry < 0 ? undefined : this.locationAt(entry);
  }

  /** Adds a chunk; returns false (and changes nothing) when the id is already indexed. */
  add(id: Uint8Array, location: ChunkLocation): boolean {
    if (this.find(id) >= 0) return false;
    if ((this.count + 1) * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    this.ensureCapacity(this.count + 1);
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

  /** Adds every entry of `other` not already present. */
  merge(other: ChunkIndex): void {
    for (const [id, location] of other.entries()) this.add(id, location);
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

  private find(id: Uint8Array): number {
    const mask = this.slots.length - 1;
    for (let slot = this.hashOf(id, 0); ; slot = (slot + 1) & mask) {
      const value = this.slots[slot] as number;
      if (value === 0) return -1;
      if (this.idEquals(value - 1, id)) return value - 1;
    }
  }

  private idEquals(entry: number, id: Uint8Array): boolean {
    const base = entry * chunkIdLength;
    for (let i = 0; i < chunkIdLength; i++) {
      if (this.ids[base + i] !== id[i]) return false;
    }
    return true;
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
    const capacity = Math.max(1024, Math.ceil(this.flags.length * 1.5));
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
