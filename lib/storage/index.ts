// Object storage: the ObjectStore contract, its error classes and its providers.
export type { ByteRange, ObjectBody, ObjectInfo, ObjectStore } from "./object-store.js";
export { listAll, readObject } from "./object-store.js";
export {
  BucketNotFoundError,
  ObjectNotFoundError,
  StorageAuthError,
  StorageConfigError,
  StorageUnavailableError,
} from "./errors.js";
export { MemoryObjectStore } from "./memory/memory-object-store.js";
