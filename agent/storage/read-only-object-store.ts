// An ObjectStore guard for ReadOnly locations: reads pass through, every write and delete is
// refused with ReadOnlyLocationError, whoever tries it.
import type { Readable } from "node:stream";
import type { ByteRange, ObjectBody, ObjectInfo, ObjectStore } from "../../lib/storage/index.js";
import { ReadOnlyLocationError } from "./errors.js";

/** Wraps `inner` so that nothing can be written to or deleted from it. */
export class ReadOnlyObjectStore implements ObjectStore {
  readonly description: string;
  private readonly inner: ObjectStore;
  private readonly location: string;

  constructor(inner: ObjectStore, location: string) {
    this.inner = inner;
    this.location = location;
    this.description = `${inner.description} (read-only)`;
  }

  put(key: string, body: ObjectBody): Promise<void> {
    if (typeof body === "object" && "destroy" in body) body.destroy();
    return Promise.reject(new ReadOnlyLocationError(this.location, `write ${key}`));
  }

  delete(key: string): Promise<void> {
    return Promise.reject(new ReadOnlyLocationError(this.location, `delete ${key}`));
  }

  get(key: string, range?: ByteRange): Promise<Readable> {
    return this.inner.get(key, range);
  }

  exists(key: string): Promise<boolean> {
    return this.inner.exists(key);
  }

  list(prefix: string): AsyncIterable<ObjectInfo> {
    return this.inner.list(prefix);
  }

  listCommonPrefixes(prefix: string, delimiter: string): Promise<string[]> {
    return this.inner.listCommonPrefixes(prefix, delimiter);
  }

  signedUrl(key: string, ttlSeconds: number): Promise<string> {
    return this.inner.signedUrl(key, ttlSeconds);
  }
}
