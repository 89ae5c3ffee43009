// Loads the repository's index blobs into one in-memory ChunkIndex and keeps it fresh.
import type { ObjectStore } from "../storage/index.js";
import { listAll } from "../storage/index.js";
import { ChunkIndex } from "./chunk-index.js";
import type { RepositoryKeys } from "./crypto.js";
import { CorruptBlobError } from "./errors.js";
import { decodeIndexBlob, indexAad } from "./index-blob.js";
import type { RepositoryLayout } from "./layout.js";
import { getSealed } from "./sealed-blobs.js";

/** Options of {@link IndexLoader}. */
export interface IndexLoaderOptions {
  readonly store: ObjectStore;
  readonly layout: RepositoryLayout;
  readonly keys: RepositoryKeys;
}

/**
 * Holds the merged index. `refresh` reads index blobs written since the last call; when a blob
 * it had read is gone (maintenance rewrote the indexes) it rebuilds from scratch, so entries of
 * deleted packs never linger.
 */
export class IndexLoader {
  private readonly options: IndexLoaderOptions;
  private loaded = new Set<string>();
  private current = new ChunkIndex();

  constructor(options: IndexLoaderOptions) {
    this.options = options;
  }

  /** The merged index as of the last refresh. */
  get index(): ChunkIndex {
    return this.current;
  }

  /** Brings the index up to date with the store. */
  async refresh(): Promise<ChunkIndex> {
    const keys = (await listAll(this.options.store, this.options.layout.folder("indexes"))).map(
      (info) => info.key,
    );
    const present = new Set(keys);
    if ([...this.loaded].some((key) => !present.has(key))) {
      this.loaded = new Set();
      this.current = new ChunkIndex();
    }
    for (const key of keys) {
      if (this.loaded.has(key)) continue;
      await this.loadBlob(key, this.current);
      this.loaded.add(key);
    }
    return this.current;
  }

  /** Marks blobs this process wrote itself as loaded (their entries are already merged). */
  markLoaded(keys: Iterable<string>): void {
    for (const key of keys) this.loaded.add(key);
  }

  private async loadBlob(key: string, into: ChunkIndex): Promise<void> {
    const { store, keys } = this.options;
    const plain = await getSealed(store, key, { key: keys.encryption, aad: indexAad });
    try {
      decodeIndexBlob(plain as Buffer, into);
    } catch (error) {
      throw new CorruptBlobError(key, error instanceof Error ? error.message : String(error));
    }
  }
}
