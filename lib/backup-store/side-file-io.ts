// Reading and writing gzipped objects of a backup store: side files through their codecs,
// logs as gzipped text streams, and deleting every object under a prefix.
import { Readable } from "node:stream";
import { createGunzip, createGzip } from "node:zlib";
import {
  ObjectNotFoundError,
  readObject,
  type ObjectBody,
  type ObjectStore,
} from "../storage/index.js";
import { DeleteObjectsError } from "./errors.js";
import { gzipText, parseGzippedJson, type SideFileCodec } from "./side-file-codec.js";

/** Encodes `value`, gzips it and stores it at `key`. */
export async function putSideFile<T>(
  store: ObjectStore,
  key: string,
  codec: SideFileCodec<T>,
  value: T,
): Promise<void> {
  await store.put(key, gzipText(codec.encode(value)));
}

/** Reads and decodes the side file at `key`, or returns `codec.decode(null)` when absent. */
export async function getSideFile<T>(
  store: ObjectStore,
  key: string,
  codec: SideFileCodec<T>,
): Promise<T> {
  let bytes: Buffer;
  try {
    bytes = await readObject(store, key);
  } catch (error) {
    if (error instanceof ObjectNotFoundError) return codec.decode(null);
    throw error;
  }
  return codec.decode(parseGzippedJson(key, bytes));
}

/** Stores `body` (plain text) gzipped at `key`; a stream is compressed as it is uploaded. */
export async function putGzipped(store: ObjectStore, key: string, body: ObjectBody): Promise<void> {
  if (!(body instanceof Readable)) {
    await store.put(key, gzipText(typeof body === "string" ? body : Buffer.from(body).toString()));
    return;
  }
  const gzip = createGzip();
  gzip.on("error", () => undefined);
  body.on("error", (error) => gzip.destroy(error));
  body.pipe(gzip);
  try {
    await store.put(key, gzip);
  } finally {
    body.unpipe(gzip);
    gzip.destroy();
  }
}

/** The gunzipped content of `key` as a stream, or `undefined` when absent. */
export async function getGunzipped(store: ObjectStore, key: string): Promise<Readable | undefined> {
  let stream: Readable;
  try {
    stream = await store.get(key);
  } catch (error) {
    if (error instanceof ObjectNotFoundError) return undefined;
    throw error;
  }
  const gunzip = createGunzip();
  stream.on("error", (error) => gunzip.destroy(error));
  return stream.pipe(gunzip);
}

/** Deletes every object whose key starts with `prefix`; `DeleteObjectsError` lists failures. */
export async function deletePrefix(store: ObjectStore, prefix: string): Promise<void> {
  const keys: string[] = [];
  for await (const object of store.list(prefix)) keys.push(object.key);
  const failedKeys: string[] = [];
  const causes: unknown[] = [];
  for (const key of keys) {
    try {
      await store.delete(key);
    } catch (error) {
      failedKeys.push(key);
      causes.push(error);
    }
  }
  if (failedKeys.length > 0) throw new DeleteObjectsError(prefix, failedKeys, causes);
}

/** Deletes each key, continuing past failures; returns the failures. */
export async function deleteKeys(store: ObjectStore, keys: Iterable<string>): Promise<unknown[]> {
  const results = await Promise.allSettled([...keys].map((key) => store.delete(key)));
  return results.flatMap((r): unknown[] => (r.status === "rejected" ? [r.reason as unknown] : []));
}
