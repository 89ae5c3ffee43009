// A test decorator that makes chosen operations of an inner ObjectStore fail a set number of
// times, and counts every call, to prove how callers (the retrying decorator) react to faults.
import type { Readable } from "node:stream";
import type { ByteRange, ObjectBody, ObjectInfo, ObjectStore } from "../object-store.js";

/** The ObjectStore methods faults can be injected into. */
export type StoreOperation =
  "put" | "get" | "exists" | "list" | "listCommonPrefixes" | "delete" | "signedUrl";

interface Fault {
  readonly error: () => Error;
  remaining: number;
  /** For `list`: fail after this many keys were yielded. */
  readonly afterItems: number;
}

/** Wraps `inner`; `failNext` queues faults, `calls` counts calls per operation. */
export class FaultInjectingObjectStore implements ObjectStore {
  readonly description: string;
  readonly calls: Record<StoreOperation, number> = {
    put: 0,
    get: 0,
    exists: 0,
    list: 0,
    listCommonPrefixes: 0,
    delete: 0,
    signedUrl: 0,
  };
  private readonly inner: ObjectStore;
  private readonly faults = new Map<StoreOperation, Fault[]>();

  constructor(inner: ObjectStore) {
    this.inner = inner;
    this.description = `faulty ${inner.description}`;
  }

  /**
   * The next `times` calls of `operation` fail with a fresh `error()`. For `list`, the failure
   * comes after `afterItems` keys were yielded (a page failing midway).
   */
  failNext(operation: StoreOperation, error: () => Error, times = 1, afterItems = 0): void {
    const queue = this.faults.get(operation) ?? [];
    queue.push({ error, remaining: times, afterItems });
    this.faults.set(operation, queue);
  }

  async put(key: string, body: ObjectBody): Promise<void> {
    this.enter("put");
    await this.inner.put(key, body);
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    this.enter("get");
    return this.inner.get(key, range);
  }

  async exists(key: string): Promise<boolean> {
    this.enter("exists");
    return this.inner.exists(key);
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    this.calls.list++;
    const fault = this.take("list");
    let yielded = 0;
    for await (const info of this.inner.list(prefix)) {
      if (fault !== undefined && yielded === fault.afterItems) throw fault.error();
      yielded++;
      yield info;
    }
    if (fault !== undefined) throw fault.error();
  }

  async listCommonPrefixes(prefix: string, delimiter: string): Promise<string[]> {
    this.enter("listCommonPrefixes");
    return this.inner.listCommonPrefixes(prefix, delimiter);
  }

  async delete(key: string): Promise<void> {
    this.enter("delete");
    await this.inner.delete(key);
  }

  async signedUrl(key: string, ttlSeconds: number): Promise<string> {
    this.enter("signedUrl");
    return this.inner.signedUrl(key, ttlSeconds);
  }

  private enter(operation: StoreOperation): void {
    this.calls[operation]++;
    const fault = this.take(operation);
    if (fault !== undefined) throw fault.error();
  }

  private take(operation: StoreOperation): Fault | undefined {
    const queue = this.faults.get(operation);
    const fault = queue?.[0];
    if (queue === undefined || fault === undefined) return undefined;
    fault.remaining--;
    if (fault.remaining <= 0) queue.shift();
    return fault;
  }
}
