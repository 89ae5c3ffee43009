// The order in which every provider lists keys: by UTF-8 bytes, as S3, Azure Blob and GCS do.

/** Negative when `a` sorts before `b` in listing order (UTF-8 byte order). */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
