import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  BucketNotFoundError,
  ObjectNotFoundError,
  StorageAuthError,
  StorageConfigError,
  StorageUnavailableError,
} from "../errors.js";
import { translateS3Error } from "./s3-errors.js";

const context = {
  store: 'aws bucket "b" at http://127.0.0.1:7480',
  bucket: "b",
  action: 'get "k"',
  key: "k",
};

function sdkError(name: string, status?: number, message = "details"): Error {
  return Object.assign(new Error(message), {
    name,
    $metadata: { httpStatusCode: status },
  });
}

function networkError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:7480`), { code, $metadata: {} });
}

describe("translateS3Error", () => {
  for (const [error, expected] of [
    [sdkError("NoSuchKey", 404), ObjectNotFoundError],
    [sdkError("NotFound", 404, "UnknownError"), ObjectNotFoundError],
    [sdkError("NoSuchBucket", 404), BucketNotFoundError],
    [sdkError("SignatureDoesNotMatch", 403), StorageAuthError],
    [sdkError("InvalidAccessKeyId", 403), StorageAuthError],
    [sdkError("AccessDenied", 403), StorageAuthError],
    [sdkError("Forbidden", 403), StorageAuthError],
    [
      sdkError("CredentialsProviderError", undefined, "Could not load credentials"),
      StorageAuthError,
    ],
    [sdkError("SlowDown", 503), StorageUnavailableError],
    [sdkError("Unknown", 502), StorageUnavailableError],
    [sdkError("TooManyRequests", 429), StorageUnavailableError],
    [sdkError("InternalError", 500), StorageUnavailableError],
    [
      sdkError("TimeoutError", undefined, "Connection timed out after 1000 ms"),
      StorageUnavailableError,
    ],
    [networkError("ECONNREFUSED"), StorageUnavailableError],
    [networkError("ECONNRESET"), StorageUnavailableError],
    [sdkError("PermanentRedirect", 301), StorageConfigError],
    [sdkError("InvalidArgument", 400), StorageConfigError],
  ] as const) {
    it(`maps ${error.name}${error.message.includes("connect") ? ` (${error.message})` : ""} to ${expected.name}`, () => {
      const translated = translateS3Error(error, context, "http://127.0.0.1:7480");
      assert.ok(
        translated instanceof expected,
        `got ${translated.constructor.name}: ${translated.message}`,
      );
      assert.equal(translated.retryable, expected === StorageUnavailableError);
    });
  }

  it("names the store, the action and the cause, and keeps only a summary as the cause", () => {
    const translated = translateS3Error(
      sdkError("SlowDown", 503, "Please reduce your request rate."),
      context,
      "x",
    );
    assert.equal(
      translated.message,
      'aws bucket "b" at http://127.0.0.1:7480: cannot get "k": SlowDown (HTTP 503): Please reduce your request rate.',
    );
    assert.ok(translated.cause instanceof Error);
    assert.equal(Object.keys(translated.cause).length, 0);
  });

  it("names the endpoint when nothing answered", () => {
    const translated = translateS3Error(
      networkError("ECONNREFUSED"),
      context,
      "http://127.0.0.1:9",
    );
    assert.match(translated.message, /no answer from http:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\)/);
  });

  it("passes already-translated errors through", () => {
    const original = new ObjectNotFoundError("k");
    assert.equal(translateS3Error(original, context, "x"), original);
  });
});
