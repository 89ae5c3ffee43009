// Writes a snapshot's tree into a target directory: verified chunks, modes, ownership, mtimes,
// symlinks and hard links, never following a link or a name out of the target.
import {
  chmodSync,
  chownSync,
  closeSync,
  constants,
  fchmodSync,
  fchownSync,
  ftruncateSync,
  futimesSync,
  lchownSync,
  linkSync,
  lstatSync,
  lutimesSync,
  mkdirSync,
  openSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeSync,
} from "node:fs";
import { open } from "node:fs/promises";
import { join } from "node:path";
import type { ChunkFetcher } from "./chunk-fetcher.js";
import { OperationAbortedError, UnsafePathError } from "./errors.js";
import type { ProgressTracker } from "./progress.js";
import { readTree } from "./tree-io.js";
import { unsafeNameReason, type TreeEntry } from "./tree.js";

const createFlags =
  constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/** Small files restored per batch, and the largest file size a batch takes. */
const batchFiles = 256;
const batchFileBytes = 1 << 20;

function isBatchable(entry: TreeEntry): boolean {
  return entry.type === "file" && entry.link === undefined && entry.size <= batchFileBytes;
}

function writeAll(fd: number, chunk: Buffer, position: number): void {
  for (let done = 0; done < chunk.length;) {
    done += writeSync(fd, chunk, done, chunk.length - done, position + done);
  }
}

/** Options of {@link SnapshotRestorer}. */
export interface SnapshotRestorerOptions {
  readonly fetcher: ChunkFetcher;
  readonly progress: ProgressTracker;
  readonly signal?: AbortSignal;
  /** Restore uid/gid (needs root); default: when running as root. */
  readonly preserveOwnership?: boolean;
  /** Files of one directory restored at once; default 16. */
  readonly concurrency?: number;
}

/** Restores one tree; create one per restore. */
export class SnapshotRestorer {
  private readonly options: SnapshotRestorerOptions;
  private readonly links = new Map<string, Promise<string>>();
  private readonly zeros = Buffer.alloc(1 << 20);

  constructor(options: SnapshotRestorerOptions) {
    this.options = options;
  }

  /** Restores the root listing into `target` (created when missing) and sets its metadata. */
  async restore(root: TreeEntry, target: string): Promise<void> {
    mkdirSync(target, { recursive: true });
    await this.restoreChildren(root, target);
    this.applyMetadata(target, root);
  }

  private async restoreChildren(dir: TreeEntry, path: string): Promise<void> {
    const window: Promise<void>[] = [];
    const batch: TreeEntry[] = [];
    const load = (id: string): Promise<Buffer> => this.options.fetcher.fetch(id);
    try {
      for await (const entry of readTree(dir.chunks ?? [], load)) {
        this.checkAborted();
        await this.route(entry, path, { window, batch });
      }
      await this.restoreBatch(batch.splice(0), path, window);
      await Promise.all(window.splice(0));
    } finally {
      await Promise.allSettled(window);
    }
  }

  private async route(
    entry: TreeEntry,
    path: string,
    at: { window: Promise<void>[]; batch: TreeEntry[] },
  ): Promise<void> {
    const reason = unsafeNameReason(entry.name);
    if (reason !== undefined) throw new UnsafePathError(join(path, entry.name), reason);
    if (isBatchable(entry)) {
      at.batch.push(entry);
      if (at.batch.length >= batchFiles)
        await this.restoreBatch(at.batch.splice(0), path, at.window);
      return;
    }
    await this.restoreBatch(at.batch.splice(0), path, at.window);
    await this.restoreOne(entry, join(path, entry.name), at.window);
  }

  private async restoreOne(
    entry: TreeEntry,
    child: string,
    window: Promise<void>[],
  ): Promise<void> {
    if (entry.type === "dir") {
      await Promise.all(window.splice(0));
      await this.restoreDir(entry, child);
      return;
    }
    await this.enqueue(this.restoreLeaf(entry, child), window);
  }

  private async enqueue(task: Promise<void>, window: Promise<void>[]): Promise<void> {
    task.catch(() => undefined);
    window.push(task);
    if (window.length >= (this.options.concurrency ?? 16)) await window.shift();
  }

  /** Restores small files together: their chunks come from a few coalesced range reads. */
  private async restoreBatch(
    entries: TreeEntry[],
    path: string,
    window: Promise<void>[],
  ): Promise<void> {
    if (entries.length === 0) return;
    await Promise.all(window.splice(0));
    const chunks = await this.options.fetcher.fetchMany(entries.flatMap((e) => e.chunks ?? []));
    for (const entry of entries) {
      this.checkAborted();
      const child = join(path, entry.name);
      this.clearFor(child, "file");
      this.writeLoadedFile(entry, child, chunks);
    }
  }

  /**
   * Writes a small file whose chunks are in memory with synchronous calls: six system calls
   * from the page cache cost less than six thread-pool round trips.
   */
  private writeLoadedFile(entry: TreeEntry, path: string, chunks: Map<string, Buffer>): void {
    const fd = openSync(path, createFlags, 0o600);
    try {
      let position = 0;
      let isHoleAtEnd = false;
      for (const id of entry.chunks ?? []) {
        const chunk = chunks.get(id) as Buffer;
        isHoleAtEnd = this.isZero(chunk);
        if (!isHoleAtEnd) writeAll(fd, chunk, position);
        position += chunk.length;
        this.options.progress.bytesDone += chunk.length;
      }
      if (isHoleAtEnd) ftruncateSync(fd, position);
      if (this.shouldChown()) fchownSync(fd, entry.uid, entry.gid);
      fchmodSync(fd, entry.mode);
      futimesSync(fd, entry.mtimeMs / 1000, entry.mtimeMs / 1000);
    } finally {
      closeSync(fd);
    }
    this.options.progress.filesDone++;
  }

  private async restoreDir(entry: TreeEntry, path: string): Promise<void> {
    if (!this.clearFor(path, "dir")) mkdirSync(path, { mode: 0o700 });
    await this.restoreChildren(entry, path);
    this.applyMetadata(path, entry);
  }

  private async restoreLeaf(entry: TreeEntry, path: string): Promise<void> {
    this.clearFor(path, entry.type);
    if (entry.type === "symlink") {
      symlinkSync(entry.target ?? "", path);
      this.applyMetadata(path, entry);
      return;
    }
    const first = entry.link === undefined ? undefined : this.links.get(entry.link);
    if (first !== undefined) {
      linkSync(await first, path);
      this.options.progress.filesDone++;
      return;
    }
    const written = this.writeFile(entry, path);
    if (entry.link !== undefined)
      this.links.set(
        entry.link,
        written.then(() => path),
      );
    await written;
  }

  private async writeFile(entry: TreeEntry, path: string): Promise<void> {
    const handle = await open(path, createFlags, 0o600);
    try {
      let position = 0;
      let isHoleAtEnd = false;
      for await (const chunk of this.options.fetcher.fetchAll(entry.chunks ?? [])) {
        this.checkAborted();
        isHoleAtEnd = this.isZero(chunk);
        if (!isHoleAtEnd) await handle.write(chunk, 0, chunk.length, position);
        position += chunk.length;
        this.options.progress.bytesDone += chunk.length;
      }
      if (isHoleAtEnd) await handle.truncate(position);
      if (this.shouldChown()) await handle.chown(entry.uid, entry.gid);
      await handle.chmod(entry.mode);
      await handle.utimes(entry.mtimeMs / 1000, entry.mtimeMs / 1000);
    } finally {
      await handle.close();
    }
    this.options.progress.filesDone++;
  }

  private isZero(chunk: Buffer): boolean {
    if (chunk.length > this.zeros.length) {
      for (let at = 0; at < chunk.length; at += this.zeros.length) {
        if (!this.isZero(chunk.subarray(at, at + this.zeros.length))) return false;
      }
      return true;
    }
    return chunk.equals(this.zeros.subarray(0, chunk.length));
  }

  /**
   * Removes whatever sits at `path` unless it is a real directory and a directory is wanted;
   * true when such a directory is kept.
   */
  private clearFor(path: string, type: TreeEntry["type"]): boolean {
    const existing = lstatSync(path, { throwIfNoEntry: false });
    if (existing === undefined) return false;
    if (type === "dir" && existing.isDirectory()) return true;
    rmSync(path, { recursive: true, force: true });
    return false;
  }

  private applyMetadata(path: string, entry: TreeEntry): void {
    const seconds = entry.mtimeMs / 1000;
    if (entry.type === "symlink") {
      if (this.shouldChown()) lchownSync(path, entry.uid, entry.gid);
      lutimesSync(path, seconds, seconds);
      return;
    }
    if (this.shouldChown()) chownSync(path, entry.uid, entry.gid);
    chmodSync(path, entry.mode);
    utimesSync(path, seconds, seconds);
  }

  private shouldChown(): boolean {
    return this.options.preserveOwnership ?? process.getuid?.() === 0;
  }

  private checkAborted(): void {
    if (this.options.signal?.aborted === true) throw new OperationAbortedError("restore");
  }
}
