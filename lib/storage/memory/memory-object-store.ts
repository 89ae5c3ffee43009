// An in-memory ObjectStore: the fake every unit test uses instead of mocking a provider.
import { Readable } from "node:stream";
import { ObjectNotFoundError } from "../errors.js";
import { compareKeys } from "../key-order.js";
import type { ByteRange, ObjectBody, ObjectInfo, ObjectStore } from "../object-store.js";

interface StoredObject {
  readonly bytes: Buffer;
  readonly lastModified: Date;
}

/** Keeps objects in a Map; `pageSize` makes listing page like a real provider would. */
export class MemoryObjectStore implements ObjectStore {
  readonly description: string;
  private readonly objects = new Map<string, StoredObject>();

  constructor(name = "memory") {
    this.description = `memory bucket "${name}"`;
  }

  async put(key: string, body: ObjectBody): Promise<void> {
    const bytes = await toBuffer(body);
    this.objects.set(key, { bytes, lastModified: new Date() });
  }

  get(key: string, range?: ByteRange): Promise<Readable> {
    const object = this.objects.get(key);
    if (object === undefined) return Promise.reject(new ObjectNotFoundError(key));
    const start = range?.offset ?? 0;
    const end = range?.length === undefined ? undefined : start + range.length;
    return Promise.resolve(Readable.from([object.bytes.subarray(start, end)]));
  }

  exists(key: string): Promise<boolean> {
    return Promise.resolve(this.objects.has(key));
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    const keys = [...this.objects.keys()].filter((k) => k.startsWith(prefix)).sort(compareKeys);
    for (const key of keys) {
      const object = this.objects.get(key);
      if (object === undefined) continue;
      yield { key, size: object.bytes.length, lastModified: object.lastModified };
      await Promise.resolve();
    }
  }

  listCommonPrefixes(prefix: string, delimiter: string): Promise<string[]> {
    const prefixes = new Set<string>();
    for (const key of this.objects.keys()) {
      if (!key.startsWith(prefix)) continue;
      const at = key.indexOf(delimiter, prefix.length);
      if (at >= 0) prefixes.add(key.slice(0, at + delimiter.length));
    }
    return Promise.resolve([...prefixes].sort(compareKeys));
  }

  delete(key: string): Promise<void> {
    this.objects.delete(key);
    return Promise.resolve();
  }

  /** `memory:///<key>?ttl=<s>`: not fetchable; like every provider, it does not check the key. */
  signedUrl(key: string, ttlSeconds: number): Promise<string> {
    return Promise.resolve(`memory:///${encodeURIComponent(key)}?ttl=${ttlSeconds}`);
  }

  /** Test hook: every key currently stored, sorted. */
  keys(): string[] {
    return [...this.objects.keys()].sort(compareKeys);
  }
}

async function toBuffer(body: ObjectBody): Promise<Buffer> {
  if (typeof body === "string") return Buffer.from(body);
  if (body instanceof Uint8Array) return Buffer.from(body);
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}
