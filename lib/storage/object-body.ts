// Stream plumbing every provider shares: telling a caller's failing body apart from a storage
// failure, and translating errors that surface while a download is being read.
import { PassThrough, Readable } from "node:stream";
import type { ObjectBody } from "./object-store.js";

/** True when the body is a stream (read once, never replayable). */
export function isStreamBody(body: ObjectBody): body is Readable {
  return body instanceof Readable;
}

/** Bytes of a non-stream body. */
export function bodyBytes(body: string | Uint8Array): Buffer {
  return typeof body === "string" ? Buffer.from(body) : Buffer.from(body);
}

/** Records the first error a caller's body stream emits. */
export interface BodyWatch {
  /** The body's own error, when the body (not the store) failed. */
  readonly failure: () => unknown;
  /** Rejects with the body's own error when it fails; never settles otherwise. */
  readonly failed: Promise<never>;
}

/**
 * Watches a stream body so that, when an upload fails because the body itself errored, the
 * provider rejects with the body's error unchanged instead of an SDK's wrapping of it.
 */
export function watchBody(body: ObjectBody): BodyWatch {
  let failure: unknown = undefined;
  let fail: (error: unknown) => void = () => undefined;
  const failed = new Promise<never>((_resolve, reject) => {
    fail = reject;
  });
  failed.catch(() => undefined);
  if (isStreamBody(body)) {
    body.once("error", (error) => {
      failure ??= error;
      fail(error);
    });
  }
  return { failure: () => failure, failed };
}

/**
 * Pipes a download through a PassThrough whose errors are translated (so a reset halfway through
 * a download surfaces as a storage error naming the store). Destroying the returned stream
 * releases the source (and its connection).
 */
export function translateStreamErrors(
  source: Readable,
  translate: (error: unknown) => Error,
): Readable {
  const out = new PassThrough();
  source.once("error", (error) => {
    out.destroy(translate(error));
  });
  out.once("close", () => {
    if (!source.destroyed) source.destroy();
  });
  source.pipe(out);
  return out;
}
