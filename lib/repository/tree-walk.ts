// Visits every chunk a snapshot refers to (listings and file contents), once per distinct
// listing, for maintenance (what is used) and check (what must exist).
import { readTree, type ChunkSource } from "./tree-io.js";
import type { TreeEntry } from "./tree.js";

/** Callbacks of {@link walkTree}. */
export interface TreeVisitor {
  /** A chunk used as file content. */
  onFileChunk(hex: string): void;
  /**
   * A directory listing about to be read; return false to skip it (e.g. a listing already
   * walked: equal listing chunks mean an equal subtree).
   */
  onListing(chunks: readonly string[]): boolean;
}

/** Walks `root` depth first. Errors of `load` propagate. */
export async function walkTree(
  root: TreeEntry,
  load: ChunkSource,
  visitor: TreeVisitor,
): Promise<void> {
  const chunks = root.chunks ?? [];
  if (!visitor.onListing(chunks)) return;
  for await (const entry of readTree(chunks, load)) {
    if (entry.type === "dir") await walkTree(entry, load, visitor);
    else for (const hex of entry.chunks ?? []) visitor.onFileChunk(hex);
  }
}
