// Storage error classes: providers translate every SDK and HTTP failure into one of these, so
// no caller ever parses an SDK's message text.
import { VeleroError, type VeleroErrorOptions } from "../errors.js";

/** Options of {@link ObjectNotFoundError}: `store` names where the key was looked up. */
export interface ObjectNotFoundErrorOptions extends VeleroErrorOptions {
  /** The store's `description`, e.g. `aws bucket "b" at http://127.0.0.1:7480`. */
  readonly store?: string;
}

/** The object does not exist. Never retried. */
export class ObjectNotFoundError extends VeleroError {
  readonly key: string;
  constructor(key: string, options: ObjectNotFoundErrorOptions = {}) {
    const where = options.store === undefined ? "" : ` in ${options.store}`;
    super("ObjectNotFound", `object "${key}" not found${where}`, { ...options, retryable: false });
    this.key = key;
  }
}

/** The bucket (or container) does not exist. Never retried. */
export class BucketNotFoundError extends VeleroError {
  readonly bucket: string;
  constructor(bucket: string, message?: string, options: VeleroErrorOptions = {}) {
    super("BucketNotFound", message ?? `bucket "${bucket}" does not exist`, {
      ...options,
      retryable: false,
    });
    this.bucket = bucket;
  }
}

/** Credentials are missing, wrong or lack permission. Never retried. */
export class StorageAuthError extends VeleroError {
  constructor(message: string, options: VeleroErrorOptions = {}) {
    super("StorageAuth", message, { ...options, retryable: false });
  }
}

/** Throttling, a 5xx, a reset or an unreachable endpoint: retrying later may succeed. */
export class StorageUnavailableError extends VeleroError {
  constructor(message: string, options: VeleroErrorOptions = {}) {
    super("StorageUnavailable", message, { retryable: true, ...options });
  }
}

/** A location's provider configuration is invalid (unknown key, bad value, unknown provider). */
export class StorageConfigError extends VeleroError {
  constructor(message: string, options: VeleroErrorOptions = {}) {
    super("StorageConfig", message, { ...options, retryable: false });
  }
}

/**
 * A key the provider cannot store, e.g. one the filesystem provider cannot map to a file (`..`
 * segments, or a key that is also a prefix of other keys). Never retried.
 */
export class InvalidObjectKeyError extends VeleroError {
  readonly key: string;
  constructor(key: string, reason: string, options: VeleroErrorOptions = {}) {
    super("InvalidObjectKey", `object key "${key}" ${reason}`, { ...options, retryable: false });
    this.key = key;
  }
}
