// Streams directory listings into chunks (TreeWriter) and back out as lines or entries.
import { Chunker, type CutFinder } from "./chunker.js";
import { decodeEntry, encodeEntry, type TreeEntry } from "./tree.js";

const batchBytes = 64 << 10;

/** Stores one chunk and resolves to its id. */
export type ChunkSink = (data: Buffer) => Promise<Buffer>;
/** Loads one chunk's plaintext by hex id. */
export type ChunkSource = (id: string) => Promise<Buffer>;

/** Writes one listing: entries in name order in, hex chunk ids out. Memory: one chunker. */
export class TreeWriter {
  private readonly chunker: Chunker;
  private readonly sink: ChunkSink;
  private readonly ids: string[] = [];
  private batch: string[] = [];
  private batchLength = 0;

  constructor(finder: CutFinder, sink: ChunkSink) {
    this.chunker = new Chunker(finder);
    this.sink = sink;
  }

  async add(entry: TreeEntry): Promise<void> {
    if (this.addLine(encodeEntry(entry))) await this.flush();
  }

  /**
   * Appends one encoded line (newline included) without storing anything; true when the batch
   * is full and {@link flush} must be awaited before the next line.
   */
  addLine(line: string): boolean {
    this.batch.push(line);
    this.batchLength += line.length;
    return this.batchLength >= batchBytes;
  }

  /** Chunks and stores the lines batched so far (the chunker keeps the unfinished tail). */
  async flush(): Promise<void> {
    await this.store(this.flushBatch());
  }

  /** The listing's chunk ids; an empty listing has none. */
  async finish(): Promise<string[]> {
    await this.store(this.flushBatch());
    await this.store(this.chunker.finish());
    return this.ids;
  }

  private flushBatch(): Buffer[] {
    const data = Buffer.from(this.batch.join(""));
    this.batch = [];
    this.batchLength = 0;
    return this.chunker.push(data);
  }

  private async store(chunks: Buffer[]): Promise<void> {
    for (const chunk of chunks) this.ids.push((await this.sink(chunk)).toString("hex"));
  }
}

/**
 * Yields a listing's encoded lines (without newlines), one batch per stored chunk, loading one
 * chunk at a time.
 */
export async function* readTreeLines(
  chunkIds: readonly string[],
  source: ChunkSource,
): AsyncGenerator<string[]> {
  let rest: Buffer = Buffer.alloc(0);
  for (const id of chunkIds) {
    const data = await source(id);
    const buf = rest.length === 0 ? data : Buffer.concat([rest, data]);
    const end = buf.lastIndexOf(10);
    rest = buf.subarray(end + 1);
    if (end >= 0) yield buf.toString("utf8", 0, end).split("\n");
  }
  if (rest.length > 0) throw new Error("listing ends in the middle of an entry");
}

/** Yields a listing's entries in stored order, loading one chunk at a time. */
export async function* readTree(
  chunkIds: readonly string[],
  source: ChunkSource,
): AsyncGenerator<TreeEntry> {
  for await (const lines of readTreeLines(chunkIds, source)) {
    for (const line of lines) yield decodeEntry(line);
  }
}
