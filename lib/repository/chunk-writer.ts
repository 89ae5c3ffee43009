// The write side of one backup session: dedupes chunks against the repository index and the
// session so far, encodes new ones into packs, and writes the session's index blobs.
import { randomBytes } from "node:crypto";
import type { ObjectStore } from "../storage/index.js";
import { encodeChunk, type EncodedChunk } from "./chunk-codec.js";
import type { ChunkWorkerPool } from "./chunk-worker-pool.js";
import { computeChunkId } from "./chunk-id.js";
import { ChunkIndex } from "./chunk-index.js";
import { sealBlob, type RepositoryKeys } from "./crypto.js";
import { encodeIndexBlob, indexAad, type PackIndexPart } from "./index-blob.js";
import type { RepositoryLayout } from "./layout.js";
import type { PackEntryList } from "./pack-format.js";
import { PackWriter } from "./pack-writer.js";

const entriesPerIndexBlob = 50_000;

/** Options of {@link ChunkWriter}. */
export interface ChunkWriterOptions {
  readonly store: ObjectStore;
  readonly layout: RepositoryLayout;
  readonly keys: RepositoryKeys;
  readonly packSize: number;
  /** The repository's committed index; read only, extended by `commit`. */
  readonly index: ChunkIndex;
  /** Hashes and encodes large chunks on other threads when given. */
  readonly workers?: ChunkWorkerPool;
}

/** Listing packs close at this size: a second full-size pack buffer would cost memory. */
const treePackBytes = 4 << 20;

/** Chunks at least this large go to the worker pool; smaller ones are cheaper inline. */
const offloadBytes = 64 << 10;

/** What one session wrote. */
export interface ChunkWriterStats {
  /** Chunks that were new to the repository. */
  readonly newChunks: number;
  /** Plaintext bytes of new chunks. */
  readonly newBytes: number;
  /** Chunks already stored (in the repository or earlier in the session). */
  readonly dedupedChunks: number;
  /** Bytes of packs and index blobs uploaded. */
  readonly uploadedBytes: number;
}

/** What a chunk holds: file content, or a directory listing (kept in packs of their own). */
export type ChunkKind = "data" | "tree";

/**
 * Deduplicating chunk sink of one session; nothing is visible to others before `commit`.
 * Listing chunks go to their own packs (as restic keeps tree blobs apart), so the listings of
 * neighbouring directories sit back to back and the next backup reads many with one request.
 */
export class ChunkWriter {
  private readonly options: ChunkWriterOptions;
  private readonly session = new ChunkIndex();
  private readonly packs: PackWriter;
  private readonly treePacks: PackWriter;
  private pendingParts: PackIndexPart[] = [];
  private pendingCount = 0;
  private readonly indexWrites: Promise<void>[] = [];
  /** Keys of the index blobs this session wrote. */
  readonly indexKeys: string[] = [];
  private indexBytes = 0;
  private readonly hashing = new Set<string>();
  private newChunks = 0;
  private newBytes = 0;
  private dedupedChunks = 0;

  constructor(options: ChunkWriterOptions) {
    this.options = options;
    this.packs = this.newPackWriter(options.packSize);
    this.treePacks = this.newPackWriter(Math.min(options.packSize, treePackBytes));
  }

  private newPackWriter(packSize: number): PackWriter {
    return new PackWriter({
      store: this.options.store,
      layout: this.options.layout,
      key: this.options.keys.encryption,
      packSize,
      onPackWritten: (packId, entries) => {
        this.onPackWritten(packId, entries);
      },
    });
  }

  /** Stats so far. */
  stats(): ChunkWriterStats {
    return {
      newChunks: this.newChunks,
      newBytes: this.newBytes,
      dedupedChunks: this.dedupedChunks,
      uploadedBytes: this.packs.uploadedBytes + this.treePacks.uploadedBytes + this.indexBytes,
    };
  }

  /** True when a chunk with this id is stored or pending in this session. */
  has(id: Uint8Array): boolean {
    return this.options.index.has(id) || this.session.has(id);
  }

  /**
   * Stores `data` unless already present; resolves to its id. `data` is read (or copied)
   * before this returns, so the caller may reuse its buffer at once.
   */
  async put(data: Buffer, kind: ChunkKind = "data"): Promise<Buffer> {
    const workers = this.options.workers;
    const packs = kind === "tree" ? this.treePacks : this.packs;
    if (workers !== undefined && data.length >= offloadBytes) {
      return this.putOffloaded(data, { workers, packs });
    }
    const id = computeChunkId(this.options.keys.mac, data);
    if (this.has(id)) {
      this.dedupedChunks++;
      return id;
    }
    await this.store(id, encodeChunk(this.options.keys.encryption, data), packs, data.length);
    return id;
  }

  private async putOffloaded(
    data: Buffer,
    to: { workers: ChunkWorkerPool; packs: PackWriter },
  ): Promise<Buffer> {
    const { workers } = to;
    const owned = Buffer.allocUnsafeSlow(data.length);
    data.copy(owned);
    const hashed = await workers.hash(owned);
    const hex = hashed.id.toString("hex");
    if (this.has(hashed.id) || this.hashing.has(hex)) {
      this.dedupedChunks++;
      return hashed.id;
    }
    this.hashing.add(hex);
    try {
      await this.store(hashed.id, await workers.encode(hashed.data), to.packs, data.length);
    } finally {
      this.hashing.delete(hex);
    }
    return hashed.id;
  }

  private async store(
    id: Buffer,
    encoded: EncodedChunk,
    packs: PackWriter,
    rawLength: number,
  ): Promise<void> {
    const { packId, offset } = packs.append(id, encoded, rawLength);
    this.session.add(id, {
      packId,
      offset,
      length: encoded.sealed.length,
      rawLength,
      flags: encoded.flags,
    });
    this.newChunks++;
    this.newBytes += rawLength;
    await packs.settle();
  }

  /** Uploads everything pending and the session's index blobs, then merges the session index. */
  async commit(): Promise<void> {
    await Promise.all([this.packs.flush(), this.treePacks.flush()]);
    this.writeIndexBlob();
    await Promise.all(this.indexWrites);
    this.options.index.merge(this.session);
  }

  /** Drops the session: waits for uploads in flight and indexes nothing. */
  async abandon(): Promise<void> {
    await Promise.all([this.packs.abandon(), this.treePacks.abandon()]);
    await Promise.allSettled(this.indexWrites);
  }

  private onPackWritten(packId: string, entries: PackEntryList): void {
    this.pendingParts.push({ packId, entries });
    this.pendingCount += entries.count;
    if (this.pendingCount >= entriesPerIndexBlob) this.writeIndexBlob();
  }

  private writeIndexBlob(): void {
    if (this.pendingParts.length === 0) return;
    const plain = encodeIndexBlob(this.pendingParts);
    this.pendingParts = [];
    this.pendingCount = 0;
    const sealed = sealBlob(this.options.keys.encryption, plain, indexAad);
    const key = this.options.layout.key("indexes", randomBytes(16).toString("hex"));
    this.indexKeys.push(key);
    const write = this.options.store.put(key, sealed).then(() => {
      this.indexBytes += sealed.length;
    });
    write.catch(() => undefined);
    this.indexWrites.push(write);
  }
}
