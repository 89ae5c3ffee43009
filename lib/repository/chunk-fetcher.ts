// Loads chunks by id for restores and listings: looks them up in the index, reads runs of
// neighbouring chunks of one pack with a single range read, and verifies every chunk.
import type { ChunkIndex, ChunkLocation } from "./chunk-index.js";
import { MissingChunkError } from "./errors.js";
import type { PackReader } from "./pack-reader.js";

const maxRunBytes = 8 << 20;

interface Located {
  readonly id: Buffer;
  readonly location: ChunkLocation;
}

/** Reads verified chunk plaintexts. */
export class ChunkFetcher {
  private readonly index: ChunkIndex;
  private readonly packs: PackReader;

  constructor(index: ChunkIndex, packs: PackReader) {
    this.index = index;
    this.packs = packs;
  }

  /** Looks a hex id up; `MissingChunkError` when no index has it. */
  locate(hex: string): Located {
    const id = Buffer.from(hex, "hex");
    const location = this.index.lookup(id);
    if (location === undefined) throw new MissingChunkError(hex);
    return { id, location };
  }

  /** One chunk's plaintext. */
  async fetch(hex: string): Promise<Buffer> {
    const { id, location } = this.locate(hex);
    return this.packs.readChunk(id, location);
  }

  /**
   * The plaintexts of `hexIds` in order, reading each run of chunks that sit back to back in
   * one pack (up to 8 MiB) with one range read. Memory: one run at a time.
   */
  async *fetchAll(hexIds: readonly string[]): AsyncGenerator<Buffer> {
    let i = 0;
    while (i < hexIds.length) {
      const run = this.nextRun(hexIds, i);
      i += run.length;
      const first = (run[0] as Located).location;
      const last = (run[run.length - 1] as Located).location;
      const length = last.offset + last.length - first.offset;
      const bytes = await this.packs.readRange(first.packId, first.offset, length);
      for (const { id, location } of run) {
        const start = location.offset - first.offset;
        yield this.packs.decode(id, location, bytes.subarray(start, start + location.length));
      }
    }
  }

  private nextRun(hexIds: readonly string[], from: number): Located[] {
    const run = [this.locate(hexIds[from] as string)];
    let size = (run[0] as Located).location.length;
    for (let i = from + 1; i < hexIds.length; i++) {
      const next = this.locate(hexIds[i] as string);
      const prev = (run[run.length - 1] as Located).location;
      const isAdjacent =
        next.location.packId === prev.packId && next.location.offset === prev.offset + prev.length;
      if (!isAdjacent || size + next.location.length > maxRunBytes) break;
      run.push(next);
      size += next.location.length;
    }
    return run;
  }
}
