// Walks a parent snapshot's listing alongside the current directory (both sorted by name), so
// unchanged files are found without holding the parent's listing in memory.
import { readTree, type ChunkSource } from "./tree-io.js";
import { compareNames, type TreeEntry } from "./tree.js";

/** A forward-only lookup into one sorted listing. */
export class ParentCursor {
  private readonly entries: AsyncGenerator<TreeEntry> | undefined;
  private first: Promise<IteratorResult<TreeEntry>> | undefined;
  private current: TreeEntry | undefined;
  private isDone = false;

  constructor(parent: TreeEntry | undefined, source: ChunkSource) {
    this.entries =
      parent?.type === "dir" && parent.chunks !== undefined
        ? readTree(parent.chunks, source)
        : undefined;
    this.isDone = this.entries === undefined;
    this.first = this.entries?.next();
    this.first?.catch(() => undefined);
  }

  /** The parent's entry called `name`; names must be asked in ascending order. */
  async find(name: string): Promise<TreeEntry | undefined> {
    while (!this.isDone) {
      if (this.current === undefined) {
        const next = await (this.first ?? (this.entries as AsyncGenerator<TreeEntry>).next());
        this.first = undefined;
        if (next.done === true) {
          this.isDone = true;
          return undefined;
        }
        this.current = next.value;
      }
      const order = compareNames(this.current.name, name);
      if (order === 0) return this.current;
      if (order > 0) return undefined;
      this.current = undefined;
    }
    return undefined;
  }

  /** Releases the underlying reader. */
  async close(): Promise<void> {
    await this.entries?.return(undefined);
  }
}
