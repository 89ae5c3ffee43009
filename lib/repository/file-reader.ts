// Reads one file's content into chunks with bounded memory: tiny files in one read, larger
// ones streamed through a pooled chunker.
import { closeSync, constants, openSync, readSync } from "node:fs";
import { open } from "node:fs/promises";
import { Chunker, type CutFinder } from "./chunker.js";
import { OperationAbortedError } from "./errors.js";

/** Stores one chunk and resolves to its id. */
export type PutChunk = (data: Buffer) => Promise<Buffer>;

/** What reading one file produced. */
export interface FileContent {
  readonly chunks: string[];
  /** Bytes actually read (the file may have changed size since it was stat'ed). */
  readonly size: number;
}

let noAtimeFlag = constants.O_NOATIME;

/** Opens for reading without updating the access time when allowed (owner or root). */
function openForRead(path: string): number {
  try {
    return openSync(path, constants.O_RDONLY | noAtimeFlag);
  } catch (error) {
    if (
      noAtimeFlag === 0 ||
      !(error instanceof Error && "code" in error && error.code === "EPERM")
    ) {
      throw error;
    }
    noAtimeFlag = 0;
    return openSync(path, constants.O_RDONLY);
  }
}

/**
 * Reads a small file of expected `size` in one go, synchronously (a few microseconds from the
 * page cache, cheaper than a thread-pool round trip); undefined when it grew meanwhile.
 */
function readSmallFile(path: string, size: number): Buffer | undefined {
  const fd = openForRead(path);
  try {
    const buf = Buffer.allocUnsafe(size);
    let got = 0;
    for (let n = 1; got < size && n > 0; got += n) n = readSync(fd, buf, got, size - got, null);
    if (got === size && readSync(fd, Buffer.allocUnsafe(1), 0, 1, null) > 0) return undefined;
    return got === size ? buf : buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/** Bytes of one file's chunks being hashed or stored at once, beyond which reading waits. */
const maxQueuedBytes = 16 << 20;

/** The puts of one file's chunks, started in order and awaited in order. */
class StoreQueue {
  private readonly puts: { id: Promise<Buffer>; size: number }[] = [];
  private readonly ids: string[] = [];
  private queued = 0;

  add(id: Promise<Buffer>, size: number): void {
    id.catch(() => undefined);
    this.puts.push({ id, size });
    this.queued += size;
  }

  /** Waits until at most `limit` bytes are queued. */
  async drain(limit: number): Promise<void> {
    while (this.puts.length > 0 && this.queued > limit) {
      const next = this.puts.shift() as { id: Promise<Buffer>; size: number };
      this.ids.push((await next.id).toString("hex"));
      this.queued -= next.size;
    }
  }

  /** Every id, in order. */
  async finish(): Promise<string[]> {
    await this.drain(-1);
    return this.ids;
  }

  /** Waits for every started put, ignoring failures (before the handle closes). */
  async settle(): Promise<void> {
    await Promise.allSettled(this.puts.map((p) => p.id));
  }
}

/** Reads files through a bounded pool of chunkers (each holds `2 * max` bytes). */
export class FileReader {
  private readonly finder: CutFinder;
  private readonly idle: Chunker[] = [];
  private readonly waiters: ((chunker: Chunker) => void)[] = [];
  private created = 0;
  private readonly poolSize: number;

  constructor(finder: CutFinder, poolSize = 2) {
    this.finder = finder;
    this.poolSize = poolSize;
  }

  /** Chunks the file at `path` (expected `size` bytes), reporting bytes as they are read. */
  async read(
    path: string,
    size: number,
    options: { put: PutChunk; onBytes: (n: number) => void; signal?: AbortSignal },
  ): Promise<FileContent> {
    if (size === 0) return { chunks: [], size: 0 };
    const data = size < this.finder.params.min ? readSmallFile(path, size) : undefined;
    if (data !== undefined) {
      options.onBytes(data.length);
      return { chunks: [(await options.put(data)).toString("hex")], size: data.length };
    }
    const chunker = await this.acquire();
    try {
      return await this.stream(path, chunker, options);
    } finally {
      chunker.reset();
      this.release(chunker);
    }
  }

  private async stream(
    path: string,
    chunker: Chunker,
    options: { put: PutChunk; onBytes: (n: number) => void; signal?: AbortSignal },
  ): Promise<FileContent> {
    const handle = await open(path, constants.O_RDONLY | noAtimeFlag).catch(() => open(path, "r"));
    const queue = new StoreQueue();
    let total = 0;
    try {
      for (;;) {
        if (options.signal?.aborted === true) throw new OperationAbortedError("backup");
        const space = chunker.space();
        const { bytesRead } = await handle.read(space, 0, Math.min(space.length, 4 << 20));
        chunker.commit(bytesRead);
        total += bytesRead;
        options.onBytes(bytesRead);
        for (const chunk of chunker.takeViews(bytesRead === 0))
          queue.add(options.put(chunk), chunk.length);
        await queue.drain(maxQueuedBytes);
        if (bytesRead === 0) return { chunks: await queue.finish(), size: total };
      }
    } finally {
      await queue.settle();
      await handle.close();
    }
  }

  private acquire(): Promise<Chunker> {
    const chunker = this.idle.pop();
    if (chunker !== undefined) return Promise.resolve(chunker);
    if (this.created < this.poolSize) {
      this.created++;
      return Promise.resolve(new Chunker(this.finder));
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private release(chunker: Chunker): void {
    const waiter = this.waiters.shift();
    if (waiter !== undefined) waiter(chunker);
    else this.idle.push(chunker);
  }
}
