// Storage error classes: providers translate every SDK and HTTP failure into one of these, so
// no caller ever parses an SDK's message text.
import { VeleroError, type VeleroErrorOptions } from "../errors.js";

/** The object does not exist. Never retried. */
export class ObjectNotFoundError extends VeleroError {
  readonly key: string;
  constructor(key: string, options: VeleroErrorOptions = {}) {
    super("ObjectNotFound", `object "${key}" not found`, { ...options, retryable: false });
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
