// Walks a parent snapshot's listing alongside the current directory (both sorted by name), so
// unchanged files are found without holding the parent's listing in memory: one stored chunk
// of lines at a time, each line decoded only when asked for.
import { readTreeLines, type ChunkSource } from "./tree-io.js";
import { compareNames, decodeEntry, nameOfLine, type TreeEntry } from "./tree.js";

/** One entry of the parent listing: its encoded line, decoded on demand. */
export class ParentLine {
  readonly name: string;
  /** The canonical encoding, without the newline. */
  readonly line: string;
  private decoded: TreeEntry | undefined;

  constructor(line: string) {
    this.line = line;
    this.name = nameOfLine(line);
  }

  get entry(): TreeEntry {
    this.decoded ??= decodeEntry(this.line);
    return this.decoded;
  }
}

/** The answer of {@link ParentCursor.peek}: found (or known absent), or a chunk must load. */
export type PeekResult = { readonly found: ParentLine | undefined } | undefined;

/** Where a cursor reads listing chunks, and (optionally) starts reading subdirectories' ahead. */
export interface ListingSource {
  load: ChunkSource;
  /** Starts loading the listings of the directories among `lines`; returns their release. */
  readAhead?(lines: readonly string[]): () => void;
}

/** A forward-only lookup into one sorted listing. */
export class ParentCursor {
  private readonly batches: AsyncGenerator<string[]> | undefined;
  private readonly source: ListingSource;
  private readonly releases: (() => void)[] = [];
  private lines: string[] = [];
  private position = 0;
  private current: ParentLine | undefined;
  private isDone: boolean;
  private prefetched: Promise<IteratorResult<string[]>> | undefined;

  constructor(parent: TreeEntry | undefined, source: ListingSource) {
    this.source = source;
    this.batches =
      parent?.type === "dir" && parent.chunks !== undefined && parent.chunks.length > 0
        ? readTreeLines(parent.chunks, (hex) => source.load(hex))
        : undefined;
    this.isDone = this.batches === undefined;
    this.prefetched = this.batches?.next();
    this.prefetched?.catch(() => undefined);
  }

  /**
   * The parent's entry called `name` when the lines loaded so far decide it; undefined when
   * the next chunk must be loaded first (then call {@link find}). Names ascend across calls.
   */
  peek(name: string): PeekResult {
    for (;;) {
      if (this.isDone) return { found: undefined };
      if (this.current === undefined) {
        const line = this.lines[this.position];
        if (line === undefined) return undefined;
        this.position++;
        this.current = new ParentLine(line);
      }
      const order = compareNames(this.current.name, name);
      if (order === 0) return { found: this.current };
      if (order > 0) return { found: undefined };
      this.current = undefined;
    }
  }

  /** The parent's entry called `name`; names must be asked in ascending order. */
  async find(name: string): Promise<ParentLine | undefined> {
    for (;;) {
      const result = this.peek(name);
      if (result !== undefined) return result.found;
      const next = await (this.prefetched ?? (this.batches as AsyncGenerator<string[]>).next());
      this.prefetched = undefined;
      if (next.done === true) this.isDone = true;
      else {
        this.lines = next.value;
        this.position = 0;
        if (this.source.readAhead !== undefined) {
          this.releases.push(this.source.readAhead(next.value));
        }
      }
    }
  }

  /** Releases the underlying reader and what was read ahead for it. */
  async close(): Promise<void> {
    for (const release of this.releases) release();
    await this.batches?.return(undefined);
  }
}
