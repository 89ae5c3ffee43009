// Object storage: the ObjectStore contract, its error classes and its providers.
export type { ByteRange, ObjectBody, ObjectInfo, ObjectStore } from "./object-store.js";
export { listAll, readObject } from "./object-store.js";
export {
  BucketNotFoundError,
  InvalidObjectKeyError,
  ObjectNotFoundError,
  StorageAuthError,
  StorageConfigError,
  StorageUnavailableError,
} from "./errors.js";
export { MemoryObjectStore } from "./memory/memory-object-store.js";
export {
  createObjectStore,
  normaliseProvider,
  supportedProviders,
  type CreateObjectStoreOptions,
  type ObjectStoreLocation,
} from "./registry.js";
export {
  RetryingObjectStore,
  defaultRetryPolicy,
  type RetryPolicy,
  type RetryingObjectStoreOptions,
} from "./retrying-object-store.js";
export {
  defaultStorageTimeouts,
  defaultUploadTuning,
  type StorageTimeouts,
  type UploadTuning,
} from "./provider-settings.js";
export { FilesystemObjectStore } from "./filesystem/filesystem-object-store.js";
export { compareKeys } from "./key-order.js";
