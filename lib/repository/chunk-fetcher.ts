// Loads chunks by id for restores and listings: looks them up in the index, reads runs of
// neighbouring chunks of one pack with a single range read, and verifies every chunk.
import type { ChunkIndex, ChunkLocation } from "./chunk-index.js";
import { MissingChunkError } from "./errors.js";
import type { PackReader } from "./pack-reader.js";

const maxRunBytes = 8 << 20;
const maxGap = 256 << 10;
const maxSpan = 16 << 20;

/** Splits chunks of one pack, sorted by offset, into spans worth one range read each. */
function spansOf(sorted: Located[]): Located[][] {
  const spans: Located[][] = [];
  let span: Located[] = [];
  for (const located of sorted) {
    const head = span[0]?.location;
    const tail = span[span.length - 1]?.location;
    const end = located.location.offset + located.location.length;
    const isNear =
      head !== undefined &&
      tail !== undefined &&
      located.location.offset - (tail.offset + tail.length) <= maxGap &&
      end - head.offset <= maxSpan;
    if (!isNear && span.length > 0) {
      spans.push(span);
      span = [];
    }
    span.push(located);
  }
  if (span.length > 0) spans.push(span);
  return spans;
}

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

  /**
   * The plaintexts of many chunks (e.g. the small files of one directory) by hex id, reading
   * each pack's needed span with as few range reads as possible: neighbours closer than
   * `maxGap` share one read. Memory: the spans read, at most about `maxSpan` each.
   */
  async fetchMany(hexIds: Iterable<string>): Promise<Map<string, Buffer>> {
    const byPack = new Map<string, Located[]>();
    for (const hex of new Set(hexIds)) {
      const located = this.locate(hex);
      const list = byPack.get(located.location.packId) ?? [];
      list.push(located);
      byPack.set(located.location.packId, list);
    }
    const out = new Map<string, Buffer>();
    for (const list of byPack.values()) {
      list.sort((a, b) => a.location.offset - b.location.offset);
      for (const span of spansOf(list)) await this.readSpan(span, out);
    }
    return out;
  }

  private async readSpan(span: Located[], out: Map<string, Buffer>): Promise<void> {
    const first = (span[0] as Located).location;
    const last = (span[span.length - 1] as Located).location;
    const bytes = await this.packs.readRange(
      first.packId,
      first.offset,
      last.offset + last.length - first.offset,
    );
    for (const { id, location } of span) {
      const start = location.offset - first.offset;
      const plain = this.packs.decode(id, location, bytes.subarray(start, start + location.length));
      out.set(id.toString("hex"), plain);
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
