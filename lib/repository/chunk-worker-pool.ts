// A small pool of worker threads that hash (HMAC) and encode (zstd + AES-GCM) large chunks, so
// chunking on the main thread and sealing on another core overlap.
import { Worker } from "node:worker_threads";
import { createRequire } from "node:module";
import {
  compressionLevel,
  keepCompressedBelow,
  minCompressSize,
  type EncodedChunk,
} from "./chunk-codec.js";
import type { RepositoryKeys } from "./crypto.js";

interface Pending {
  resolve(value: Response): void;
  reject(error: Error): void;
}

interface Response {
  readonly seq: number;
  readonly id?: Uint8Array;
  readonly data?: Uint8Array;
  readonly sealed?: Uint8Array;
  readonly flags?: number;
  readonly error?: string;
}

/**
 * The worker's program, as CommonJS source evaluated in the worker: it needs only node:crypto
 * and zstd-napi, so it runs the same from TypeScript sources and from the build. It mirrors
 * `computeChunkId` and `encodeChunk`; chunk-worker-pool.test.ts checks they agree.
 */
const workerSource = `
const { parentPort, workerData } = require("node:worker_threads");
const { createHmac, createCipheriv, randomBytes } = require("node:crypto");
const { Compressor } = require(workerData.zstdPath);
const compressor = new Compressor();
compressor.setParameters({ compressionLevel: workerData.level });
const enc = Buffer.from(workerData.encryption);
const mac = Buffer.from(workerData.mac);
function seal(plain) {
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", enc, nonce);
  return Buffer.concat([nonce, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
}
parentPort.on("message", ({ seq, op, data }) => {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.length);
  try {
    if (op === "hash") {
      const id = createHmac("sha256", mac).update(buf).digest();
      parentPort.postMessage({ seq, id, data: buf }, [buf.buffer]);
      return;
    }
    if (buf.length >= workerData.minCompress) {
      const packed = compressor.compress(buf);
      if (packed.length < buf.length * workerData.keepBelow) {
        parentPort.postMessage({ seq, sealed: seal(packed), flags: 1 });
        return;
      }
    }
    parentPort.postMessage({ seq, sealed: seal(buf), flags: 0 });
  } catch (error) {
    parentPort.postMessage({ seq, error: String(error) });
  }
});
`;

/** Round-robin pool of `size` workers; started on first use, ended by `close`. */
export class ChunkWorkerPool {
  private readonly keys: RepositoryKeys;
  private readonly size: number;
  private workers: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private seq = 0;

  constructor(keys: RepositoryKeys, size: number) {
    this.keys = keys;
    this.size = size;
  }

  /** The chunk's id; `data` must own its ArrayBuffer, which is moved there and back. */
  async hash(data: Buffer): Promise<{ id: Buffer; data: Buffer }> {
    const response = await this.send("hash", data);
    const back = response.data as Uint8Array;
    return {
      id: Buffer.from(response.id as Uint8Array),
      data: Buffer.from(back.buffer, back.byteOffset, back.length),
    };
  }

  /** The chunk's stored form; `data` must own its ArrayBuffer, which is moved away. */
  async encode(data: Buffer): Promise<EncodedChunk> {
    const response = await this.send("encode", data);
    const sealed = response.sealed as Uint8Array;
    return {
      sealed: Buffer.from(sealed.buffer, sealed.byteOffset, sealed.length),
      flags: response.flags ?? 0,
    };
  }

  /** Ends the workers; pending requests reject. */
  async close(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((w) => w.terminate()));
  }

  private send(op: "hash" | "encode", data: Buffer): Promise<Response> {
    const seq = this.seq++;
    const worker = this.worker(seq % this.size);
    return new Promise<Response>((resolve, reject) => {
      this.pending.set(seq, { resolve, reject });
      worker.postMessage({ seq, op, data }, [data.buffer as ArrayBuffer]);
    });
  }

  private worker(slot: number): Worker {
    const existing = this.workers[slot];
    if (existing !== undefined) return existing;
    const worker = new Worker(workerSource, {
      eval: true,
      workerData: {
        encryption: this.keys.encryption,
        mac: this.keys.mac,
        zstdPath: createRequire(import.meta.url).resolve("zstd-napi"),
        level: compressionLevel,
        minCompress: minCompressSize,
        keepBelow: keepCompressedBelow,
      },
    });
    worker.on("message", (response: Response) => {
      this.settle(response);
    });
    worker.on("error", (error) => {
      this.failAll(error);
    });
    this.workers[slot] = worker;
    return worker;
  }

  private settle(response: Response): void {
    const pending = this.pending.get(response.seq);
    this.pending.delete(response.seq);
    if (response.error !== undefined) pending?.reject(new Error(response.error));
    else pending?.resolve(response);
  }

  private failAll(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
