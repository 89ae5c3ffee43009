// Gathers sealed chunks into pack objects of a target size and uploads them in the background,
// with a bounded number of packs in flight so memory stays bounded while reading goes on.
import type { ObjectStore } from "../storage/index.js";
import type { EncodedChunk } from "./chunk-codec.js";
import type { RepositoryLayout } from "./layout.js";
import {
  newPackId,
  packHeader,
  packHeaderLength,
  packTrailer,
  PackEntryList,
} from "./pack-format.js";

/** Options of {@link PackWriter}. */
export interface PackWriterOptions {
  readonly store: ObjectStore;
  readonly layout: RepositoryLayout;
  readonly key: Buffer;
  /** Target pack size; a pack is sealed once it reaches it. */
  readonly packSize: number;
  /** Packs uploading at once before `add` waits; default 2. */
  readonly maxInFlight?: number;
  /** Called once a pack is durable in the store, with its id and chunk list. */
  readonly onPackWritten?: (packId: string, entries: PackEntryList) => void;
  /** A pack is also sealed once it holds this many chunks; default 20,000. */
  readonly maxChunksPerPack?: number;
}

interface OpenPack {
  readonly id: string;
  body: Buffer;
  readonly entries: PackEntryList;
  /** Bytes used in `body`, header included. */
  used: number;
}

/**
 * Appends chunks to the open pack: `append` tells the chunk's pack id and offset at once and
 * `settle` waits only when too many packs are uploading. Upload failures surface from the
 * next `append`, `settle` or `flush`.
 */
export class PackWriter {
  private readonly options: PackWriterOptions;
  private open: OpenPack | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private failure: Error | undefined;
  private written = 0;
  private packsWritten = 0;

  constructor(options: PackWriterOptions) {
    this.options = options;
  }

  /** Bytes of packs fully uploaded so far. */
  get uploadedBytes(): number {
    return this.written;
  }

  /** Number of packs fully uploaded so far. */
  get uploadedPacks(): number {
    return this.packsWritten;
  }

  /** Appends a sealed chunk to the open pack and tells where it will live. */
  append(id: Buffer, chunk: EncodedChunk, rawLength: number): { packId: string; offset: number } {
    this.throwIfFailed();
    const pack = (this.open ??= this.newPack());
    const offset = pack.used;
    const length = chunk.sealed.length;
    if (offset + length > pack.body.length) {
      const grown = Buffer.allocUnsafe(Math.max(pack.body.length * 2, offset + length));
      pack.body.copy(grown, 0, 0, offset);
      pack.body = grown;
    }
    chunk.sealed.copy(pack.body, offset);
    pack.used += length;
    pack.entries.push(id, { offset, length, rawLength, flags: chunk.flags });
    return { packId: pack.id, offset };
  }

  private newPack(): OpenPack {
    const body = Buffer.allocUnsafe(Math.min(this.options.packSize, 1 << 20));
    packHeader().copy(body, 0);
    return { id: newPackId(), body, entries: new PackEntryList(), used: packHeaderLength };
  }

  private isFull(pack: OpenPack): boolean {
    return (
      pack.used >= this.options.packSize ||
      pack.entries.count >= (this.options.maxChunksPerPack ?? 20_000)
    );
  }

  /** Seals the open pack once it reached the target size; waits while too many upload. */
  async settle(): Promise<void> {
    if (this.open !== undefined && this.isFull(this.open)) {
      this.startUpload(this.takeOpen());
    }
    const limit = this.options.maxInFlight ?? 2;
    while (this.inFlight.size >= limit) await Promise.race(this.inFlight);
    this.throwIfFailed();
  }

  /** Seals the open pack and waits for every upload; throws the first upload failure. */
  async flush(): Promise<void> {
    if (this.open !== undefined) this.startUpload(this.takeOpen());
    await Promise.allSettled([...this.inFlight]);
    this.throwIfFailed();
  }

  /** Waits for uploads already started, ignoring failures (used when abandoning a session). */
  async abandon(): Promise<void> {
    this.open = undefined;
    await Promise.allSettled([...this.inFlight]);
  }

  private takeOpen(): OpenPack {
    const pack = this.open as OpenPack;
    this.open = undefined;
    return pack;
  }

  private startUpload(pack: OpenPack): void {
    const body = Buffer.concat([
      pack.body.subarray(0, pack.used),
      packTrailer(this.options.key, pack.entries),
    ]);
    pack.body = Buffer.alloc(0);
    const upload = this.options.store
      .put(this.options.layout.key("packs", pack.id), body)
      .then(
        () => {
          this.written += body.length;
          this.packsWritten++;
          this.options.onPackWritten?.(pack.id, pack.entries);
        },
        (error: unknown) => {
          this.failure ??= error instanceof Error ? error : new Error(String(error));
        },
      )
      .finally(() => this.inFlight.delete(upload));
    this.inFlight.add(upload);
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure;
  }
}
