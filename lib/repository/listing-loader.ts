// Loads a parent snapshot's directory listings for the backup walk. When a directory's listing
// is read, the listings of its subdirectories are read ahead in one batch (they sit back to back
// in tree packs, so one range request brings many), within a byte budget.
import type { ChunkFetcher } from "./chunk-fetcher.js";
import { decodeEntry } from "./tree.js";

/** A listing's lines start with the name; the first unescaped `","type":"dir"` is its type. */
const dirMarker = '","type":"dir"';
const defaultBudgetBytes = 8 << 20;

/** Listing chunks by hex id, with read-ahead of subdirectory listings. */
export class ListingLoader {
  private readonly fetcher: ChunkFetcher;
  private readonly budgetBytes: number;
  private readonly ahead = new Map<string, Promise<Buffer | undefined>>();
  private readonly sizes = new Map<string, number>();
  private heldBytes = 0;

  constructor(fetcher: ChunkFetcher, budgetBytes = defaultBudgetBytes) {
    this.fetcher = fetcher;
    this.budgetBytes = budgetBytes;
  }

  /** One listing chunk's plaintext (read ahead or fetched now). */
  async load(hex: string): Promise<Buffer> {
    const early = this.ahead.get(hex);
    if (early !== undefined) {
      this.forget(hex);
      const data = await early;
      if (data !== undefined) return data;
    }
    return this.fetcher.fetch(hex);
  }

  /**
   * Starts reading the listings of the directories among `lines` (encoded entries of one
   * listing) while the budget allows; returns a function that drops whatever of them was not
   * loaded by then (call it when the directory is done).
   */
  readAhead(lines: readonly string[]): () => void {
    const wanted: string[] = [];
    for (const line of lines) {
      if (!line.includes(dirMarker)) continue;
      for (const hex of decodeEntry(line).chunks ?? []) {
        if (!this.reserve(hex)) break;
        wanted.push(hex);
      }
    }
    if (wanted.length === 0) return () => undefined;
    const batch = this.fetcher.fetchMany(wanted);
    batch.catch(() => undefined);
    for (const hex of wanted) {
      this.ahead.set(
        hex,
        batch.then(
          (found) => found.get(hex),
          () => undefined,
        ),
      );
    }
    return () => {
      for (const hex of wanted) this.forget(hex);
    };
  }

  /** Counts `hex` against the budget; false when it is unknown, already ahead or too big. */
  private reserve(hex: string): boolean {
    if (this.ahead.has(hex)) return false;
    let size: number;
    try {
      size = this.fetcher.locate(hex).location.rawLength;
    } catch {
      return false;
    }
    if (this.heldBytes + size > this.budgetBytes) return false;
    this.heldBytes += size;
    this.sizes.set(hex, size);
    return true;
  }

  private forget(hex: string): void {
    if (!this.ahead.delete(hex)) return;
    this.heldBytes -= this.sizes.get(hex) ?? 0;
    this.sizes.delete(hex);
  }
}
