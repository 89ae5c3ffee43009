// Walks a directory and writes it as a snapshot tree: bounded concurrency, listings streamed
// out as they are produced, unchanged files reused from the parent snapshot without reading.
import type { Dirent, Stats } from "node:fs";
import { lstatSync, readdirSync, readlinkSync } from "node:fs";
import type { ChunkWriter } from "./chunk-writer.js";
import type { CutFinder } from "./chunker.js";
import { OperationAbortedError } from "./errors.js";
import type { FileContent, FileReader } from "./file-reader.js";
import { chunkIdLength } from "./chunk-id.js";
import { ParentCursor, type ListingSource, type ParentLine } from "./parent-cursor.js";
import type { ProgressTracker } from "./progress.js";
import { TreeWriter } from "./tree-io.js";
import {
  chunksMarker,
  compareNames,
  encodeEntryHead,
  type EntryType,
  type TreeEntry,
} from "./tree.js";

const maxWarnings = 100;
const quote = 0x22;
const comma = 0x2c;
const closeBracket = 0x5d;
/** `"` + 64 hex digits + `"`. */
const quotedIdLength = chunkIdLength * 2 + 2;

/** A listing entry in the walk's window: a reused line, or an entry being written. */
type Pending = Promise<TreeEntry | undefined> | string;

/** The state of writing one directory's listing. */
interface DirWalk {
  readonly cursor: ParentCursor;
  readonly tree: TreeWriter;
  readonly window: Pending[];
  readonly limit: number;
}

/** Adds window heads to the listing, in order, until at most `keep` remain. */
async function drainWindow(window: Pending[], tree: TreeWriter, keep: number): Promise<void> {
  while (window.length > keep) {
    const head = window.shift() as Pending;
    if (typeof head === "string") {
      if (tree.addLine(head)) await tree.flush();
      continue;
    }
    const entry = await head;
    if (entry !== undefined) await tree.add(entry);
  }
}
const skippableCodes = new Set(["ENOENT", "EACCES", "EPERM"]);

/** Options of {@link SnapshotWriter}. */
export interface SnapshotWriterOptions {
  readonly chunks: ChunkWriter;
  readonly files: FileReader;
  readonly treeFinder: CutFinder;
  /** Loads parent listings. */
  readonly listings: ListingSource;
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
  private readonly scratchId = Buffer.alloc(chunkIdLength);

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
    const walk: DirWalk = {
      cursor: new ParentCursor(parent, this.options.listings),
      tree: new TreeWriter(this.options.treeFinder, (data) =>
        this.options.chunks.put(data, "tree"),
      ),
      window: [],
      limit: this.options.concurrency ?? 16,
    };
    try {
      for (const dirent of readSortedDir(path)) {
        this.checkAborted();
        const pending = this.writeChild(childPath(path, dirent.name), dirent, walk);
        if (pending !== undefined) await pending;
      }
      await drainWindow(walk.window, walk.tree, 0);
    } finally {
      await Promise.allSettled(walk.window.filter((p) => typeof p !== "string"));
      await walk.cursor.close();
    }
    return walk.tree.finish();
  }

  /** Adds one child to the listing; undefined when that was done synchronously. */
  private writeChild(path: string, dirent: Dirent, walk: DirWalk): Promise<void> | undefined {
    const peeked = walk.cursor.peek(dirent.name);
    if (peeked === undefined) {
      return walk.cursor
        .find(dirent.name)
        .then((previous) => this.placeChild(path, dirent, { previous, walk }));
    }
    return this.placeChild(path, dirent, { previous: peeked.found, walk });
  }

  private placeChild(
    path: string,
    dirent: Dirent,
    at: { previous: ParentLine | undefined; walk: DirWalk },
  ): Promise<void> | undefined {
    const { previous, walk } = at;
    const reused = dirent.isFile() ? this.reuseLine(path, dirent.name, previous) : undefined;
    if (reused !== undefined && walk.window.length === 0) {
      return walk.tree.addLine(reused) ? walk.tree.flush() : undefined;
    }
    if (dirent.isDirectory()) return this.writeSubdir(path, dirent, at);
    return this.queueChild(walk, reused ?? this.startEntry(path, dirent, previous?.entry));
  }

  /** Writes a subdirectory once every earlier child is in the listing (one at a time). */
  private async writeSubdir(
    path: string,
    dirent: Dirent,
    at: { previous: ParentLine | undefined; walk: DirWalk },
  ): Promise<void> {
    await drainWindow(at.walk.window, at.walk.tree, 0);
    const entry = await this.writeEntry(path, dirent, at.previous?.entry);
    if (entry !== undefined) await at.walk.tree.add(entry);
  }

  /** Queues a file or symlink behind the children still being written. */
  private async queueChild(walk: DirWalk, child: Pending): Promise<void> {
    walk.window.push(child);
    if (walk.window.length >= walk.limit) {
      await drainWindow(walk.window, walk.tree, walk.limit - 1);
    }
  }

  private startEntry(
    path: string,
    dirent: Dirent,
    previous: TreeEntry | undefined,
  ): Promise<TreeEntry | undefined> {
    const written = this.writeEntry(path, dirent, previous);
    written.catch(() => undefined);
    return written;
  }

  /**
   * The parent's line for a file that did not change (same metadata, size, mtime, inode, one
   * link, every chunk still indexed), counted as reused; undefined when it must be looked at.
   * Costs one lstat and no decoding.
   */
  private reuseLine(
    path: string,
    name: string,
    previous: ParentLine | undefined,
  ): string | undefined {
    if (previous === undefined) return undefined;
    let st: Stats;
    try {
      st = lstatSync(path);
    } catch {
      return undefined;
    }
    if (!st.isFile() || st.nlink > 1) return undefined;
    const head = encodeEntryHead({
      name,
      type: "file",
      mode: st.mode & 0o7777,
      uid: st.uid,
      gid: st.gid,
      size: st.size,
      mtimeMs: st.mtimeMs,
      ino: st.ino,
      dev: st.dev,
    });
    const { line } = previous;
    if (!line.startsWith(head) || !line.startsWith(chunksMarker, head.length)) return undefined;
    if (!this.hasChunksFrom(line, head.length + chunksMarker.length)) return undefined;
    this.counters.files++;
    this.counters.totalBytes += st.size;
    this.counters.filesReused++;
    this.options.progress.filesDone++;
    this.options.progress.bytesDone += st.size;
    return `${line}\n`;
  }

  /** True when the quoted hex ids of `line` from `at` up to `]}` are all indexed. */
  private hasChunksFrom(line: string, at: number): boolean {
    if (line.charCodeAt(at) === closeBracket) return line.length === at + 2;
    for (let i = at; ; i += quotedIdLength + 1) {
      if (line.charCodeAt(i) !== quote || line.charCodeAt(i + quotedIdLength - 1) !== quote) {
        return false;
      }
      const hex = line.substring(i + 1, i + quotedIdLength - 1);
      if (this.scratchId.write(hex, "hex") !== this.scratchId.length) return false;
      if (!this.options.chunks.has(this.scratchId)) return false;
      const next = line.charCodeAt(i + quotedIdLength);
      if (next === closeBracket) return line.length === i + quotedIdLength + 2;
      if (next !== comma) return false;
    }
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

/** `path/name` without `join`'s normalising (readdir names are single components). */
function childPath(path: string, name: string): string {
  return path.endsWith("/") ? path + name : `${path}/${name}`;
}

function readSortedDir(path: string): Dirent[] {
  return readdirSync(path, { withFileTypes: true }).sort((a, b) => compareNames(a.name, b.name));
}
