// Reading and writing small sealed metadata blobs (indexes, snapshot records, session markers).
import { ObjectNotFoundError, readObject, type ObjectStore } from "../storage/index.js";
import { openBlob, sealBlob } from "./crypto.js";
import { CorruptBlobError } from "./errors.js";

/** Seals `plain` with `aad` and stores it at `key`. */
export async function putSealed(
  store: ObjectStore,
  key: string,
  seal: { readonly key: Buffer; readonly aad: Buffer },
  plain: Uint8Array,
): Promise<number> {
  const sealed = sealBlob(seal.key, plain, seal.aad);
  await store.put(key, sealed);
  return sealed.length;
}

/**
 * Reads and opens the sealed blob at `key`; `CorruptBlobError` when authentication fails.
 * A missing key rejects with the store's `ObjectNotFoundError`, or resolves to undefined when
 * `isOptional`.
 */
export async function getSealed(
  store: ObjectStore,
  key: string,
  seal: { readonly key: Buffer; readonly aad: Buffer; readonly isOptional?: boolean },
): Promise<Buffer | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readObject(store, key);
  } catch (error) {
    if (seal.isOptional === true && error instanceof ObjectNotFoundError) return undefined;
    throw error;
  }
  try {
    return openBlob(seal.key, bytes, seal.aad);
  } catch (error) {
    throw new CorruptBlobError(key, "fails authentication", { cause: error });
  }
}
