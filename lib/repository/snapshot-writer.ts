// Walks a directory and writes it as a snapshot tree: bounded concurrency, listings streamed
// out as they are produced, unchanged files reused from the parent snapshot without reading.
import type { Dirent, Stats } from "node:fs";
import { lstatSync, readdirSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import type { ChunkWriter } from "./chunk-writer.js";
import type { CutFinder } from "./chunker.js";
import { OperationAbortedError } from "./errors.js";
import type { FileContent, FileReader } from "./file-reader.js";
import { ParentCursor } from "./parent-cursor.js";
import type { ProgressTracker } from "./progress.js";
import { TreeWriter, type ChunkSource } from "./tree-io.js";
import { compareNames, type EntryType, type TreeEntry } from "./tree.js";

const maxWarnings = 100;
const skippableCodes = new Set(["ENOENT", "EACCES", "EPERM"]);

/** Options of {@link SnapshotWriter}. */
export interface SnapshotWriterOptions {
  readonly chunks: ChunkWriter;
  readonly files: FileReader;
  readonly treeFinder: CutFinder;
  /** Loads parent listings. */
  readonly loadChunk: ChunkSource;
  readonly progress: ProgressTracker;
  readonly signal?: AbortSignal;
  /** Entries of one directory processed at once; default 16. */
  readonly concurrency?: number;
}

/** Counters of one walk. */
export interface WalkCounters {
  files: number;
  dirs: number;
  symlinks: number;
  totalBytes: number;
  filesRead: number;
  bytesRead: number;
  filesReused: number;
  skipped: number;
}

function baseEntry(name: string, type: EntryType, st: Stats): TreeEntry {
  return {
    name,
    type,
    mode: st.mode & 0o7777,
    uid: st.uid,
    gid: st.gid,
    size: type === "file" ? st.size : 0,
    mtimeMs: st.mtimeMs,
  };
}

function errorCode(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error
    ? String(error.code)
    : undefined;
}

/** Writes one snapshot's trees; read `counters` and `warnings` after `writeRoot`. */
export class SnapshotWriter {
  readonly counters: WalkCounters = {
    files: 0,
    dirs: 0,
    symlinks: 0,
    totalBytes: 0,
    filesRead: 0,
    bytesRead: 0,
    filesReused: 0,
    skipped: 0,
  };
  readonly warnings: string[] = [];
  private readonly options: SnapshotWriterOptions;
  private readonly links = new Map<string, Promise<FileContent>>();

  constructor(options: SnapshotWriterOptions) {
    this.options = options;
  }

  /** Writes the tree of `dir` and returns its root entry (named ""). */
  async writeRoot(dir: string, parentRoot?: TreeEntry): Promise<TreeEntry> {
    const st = lstatSync(dir);
    return this.writeDir(dir, { name: "", st, parent: parentRoot });
  }

  private async writeDir(
    path: string,
    at: { name: string; st: Stats; parent: TreeEntry | undefined },
  ): Promise<TreeEntry> {
    this.checkAborted();
    const chunks = await this.writeChildren(path, at.parent);
    this.counters.dirs++;
    return { ...baseEntry(at.name, "dir", at.st), chunks };
  }

  private async writeChildren(path: string, parent: TreeEntry | undefined): Promise<string[]> {
    const cursor = new ParentCursor(parent, this.options.loadChunk);
    const dirents = readSortedDir(path);
    const tree = new TreeWriter(this.options.treeFinder, (data) => this.options.chunks.put(data));
    const window: Promise<TreeEntry | undefined>[] = [];
    const limit = this.options.concurrency ?? 16;
    const drain = async (keep: number): Promise<void> => {
      while (window.length > keep) {
        const entry = await (window.shift() as Promise<TreeEntry | undefined>);
        if (entry !== undefined) await tree.add(entry);
      }
    };
    try {
      for (const dirent of dirents) {
        this.checkAborted();
        const previous = await cursor.find(dirent.name);
        if (dirent.isDirectory()) await drain(0);
        const written = this.writeEntry(join(path, dirent.name), dirent, previous);
        written.catch(() => undefined);
        window.push(written);
        await drain(dirent.isDirectory() ? 0 : limit - 1);
      }
      await drain(0);
    } finally {
      await Promise.allSettled(window);
      await cursor.close();
    }
    return tree.finish();
  }

  private async writeEntry(
    path: string,
    dirent: Dirent,
    previous: TreeEntry | undefined,
  ): Promise<TreeEntry | undefined> {
    if (dirent.name.includes("\uFFFD")) return this.skip(path, "name is not valid UTF-8");
    let st: Stats;
    try {
      st = lstatSync(path);
      if (st.isDirectory())
        return await this.writeDir(path, { name: dirent.name, st, parent: previous });
      if (st.isFile()) return await this.writeFile(path, { name: dirent.name, st, previous });
      if (st.isSymbolicLink()) return this.writeSymlink(path, dirent.name, st);
    } catch (error) {
      const code = errorCode(error);
      if (code !== undefined && skippableCodes.has(code)) return this.skip(path, code);
      throw error;
    }
    return this.skip(path, "special file (fifo, socket or device) skipped");
  }

  private writeSymlink(path: string, name: string, st: Stats): TreeEntry {
    const target = readlinkSync(path);
    this.counters.symlinks++;
    return { ...baseEntry(name, "symlink", st), target };
  }

  private async writeFile(
    path: string,
    at: { name: string; st: Stats; previous: TreeEntry | undefined },
  ): Promise<TreeEntry> {
    const { st } = at;
    const link = st.nlink > 1 ? `${st.dev}:${st.ino}` : undefined;
    let content = link === undefined ? undefined : this.links.get(link);
    const isLinked = content !== undefined;
    content ??= this.readOrReuse(path, st, at.previous);
    if (link !== undefined && !isLinked) this.links.set(link, content);
    const { chunks, size } = await content;
    this.counters.files++;
    this.counters.totalBytes += size;
    this.options.progress.filesDone++;
    const entry = { ...baseEntry(at.name, "file", st), size, ino: st.ino, dev: st.dev };
    return { ...entry, link, chunks };
  }

  private async readOrReuse(
    path: string,
    st: Stats,
    previous: TreeEntry | undefined,
  ): Promise<FileContent> {
    if (this.isUnchanged(st, previous)) {
      this.counters.filesReused++;
      this.options.progress.bytesDone += st.size;
      return { chunks: [...(previous?.chunks ?? [])], size: st.size };
    }
    const { progress, signal } = this.options;
    const content = await this.options.files.read(path, st.size, {
      put: (data) => this.options.chunks.put(data),
      onBytes: (n) => {
        progress.bytesDone += n;
        this.counters.bytesRead += n;
      },
      signal,
    });
    this.counters.filesRead++;
    return content;
  }

  private isUnchanged(st: Stats, previous: TreeEntry | undefined): boolean {
    if (previous?.type !== "file" || previous.chunks === undefined) return false;
    if (previous.size !== st.size || previous.mtimeMs !== st.mtimeMs || previous.ino !== st.ino) {
      return false;
    }
    return previous.chunks.every((hex) => this.options.chunks.has(Buffer.from(hex, "hex")));
  }

  private skip(path: string, reason: string): TreeEntry | undefined {
    this.counters.skipped++;
    if (this.warnings.length < maxWarnings) this.warnings.push(`${path}: ${reason}`);
    return undefined;
  }

  private checkAborted(): void {
    if (this.options.signal?.aborted === true) throw new OperationAbortedError("backup");
  }
}

function readSortedDir(path: string): Dirent[] {
  return readdirSync(path, { withFileTypes: true }).sort((a, b) => compareNames(a.name, b.name));
}
