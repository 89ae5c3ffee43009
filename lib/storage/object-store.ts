// The contract every object-storage provider (S3, Azure Blob, GCS, filesystem, memory) fulfils.
import type { Readable } from "node:stream";

/** One stored object as listed. */
export interface ObjectInfo {
  /** Full key inside the bucket. */
  readonly key: string;
  /** Size in bytes. */
  readonly size: number;
  readonly lastModified?: Date;
}

/** A byte range of an object: `length` bytes from `offset` (to the end when omitted). */
export interface ByteRange {
  readonly offset: number;
  readonly length?: number;
}

/** What can be stored: a stream (uploaded in bounded memory, multipart when large) or bytes. */
export type ObjectBody = Readable | Uint8Array | string;

/**
 * A bucket of objects addressed by key. Keys are full keys inside the bucket (the location's
 * prefix is part of the key; `lib/backup-store` owns how keys are built) and use `/` as the
 * separator by convention only.
 *
 * Guarantees every implementation gives (checked by the conformance suite in
 * `lib/storage/testing`, which every provider runs against a real server):
 * - `put` replaces any object at the key; readers see either the old or the complete new
 *   object, never a partial one. A stream body is read once and uploaded in memory bounded by
 *   the provider's part size, whatever the object's size. A stream that errors leaves no object
 *   (and the previous one, if any, in place), and `put` rejects with the stream's own error.
 * - `get` resolves once the object is known to exist and streams its bytes; a missing key
 *   rejects with `ObjectNotFoundError` (never an empty stream). A range past the end of the
 *   object is clamped by some providers and refused by others: read within the size.
 * - `exists` is false for a missing key (a key that is only a prefix of other keys is missing).
 * - `list(prefix)` yields every object whose key starts with `prefix` exactly once, in
 *   ascending order of the keys' UTF-8 bytes (as S3, Azure and GCS list), paging internally
 *   (so 1,500 keys need several round trips).
 * - `listCommonPrefixes("backups/", "/")` for keys `backups/a/x`, `backups/a/y`, `backups/b/z`
 *   and `backups/c` resolves to `["backups/a/", "backups/b/"]`: full prefixes, each once,
 *   ending with the delimiter, sorted; objects directly under the prefix are not included.
 * - `delete` is idempotent: deleting a missing key succeeds.
 * - `signedUrl` returns a URL that a plain GET can fetch without credentials until
 *   `ttlSeconds` have passed. Signing makes no request and does not check that the object
 *   exists (a URL for a missing key answers 404). Cloud providers return HTTP(S) URLs; the
 *   filesystem provider returns `file://` URLs (see `lib/storage/README.md`).
 * - A missing bucket is `BucketNotFoundError` on every operation that reaches the server.
 * - Errors are the classes of `lib/storage/errors.ts`: `ObjectNotFoundError`,
 *   `BucketNotFoundError`, `StorageAuthError` (never retried), `StorageUnavailableError`
 *   (retryable), `StorageConfigError`, `InvalidObjectKeyError`. No message contains a credential.
 * - Implementations never retry on their own, except the buffered parts of a stream `put`;
 *   wrap a store in `RetryingObjectStore` (`createObjectStore` does) for retries.
 */
export interface ObjectStore {
  /** Names the store for messages, e.g. `s3 bucket "b" at http://127.0.0.1:7480`; no secrets. */
  readonly description: string;
  put(key: string, body: ObjectBody): Promise<void>;
  get(key: string, range?: ByteRange): Promise<Readable>;
  exists(key: string): Promise<boolean>;
  list(prefix: string): AsyncIterable<ObjectInfo>;
  listCommonPrefixes(prefix: string, delimiter: string): Promise<string[]>;
  delete(key: string): Promise<void>;
  signedUrl(key: string, ttlSeconds: number): Promise<string>;
}

/** Reads a whole object into memory; for small objects (metadata, indexes) only. */
export async function readObject(
  store: ObjectStore,
  key: string,
  range?: ByteRange,
): Promise<Buffer> {
  const stream = await store.get(key, range);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/** Collects `list(prefix)` into an array; for bounded listings only. */
export async function listAll(store: ObjectStore, prefix: string): Promise<ObjectInfo[]> {
  const out: ObjectInfo[] = [];
  for await (const info of store.list(prefix)) out.push(info);
  return out;
}
