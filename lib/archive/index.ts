// The backup archive (Velero's tarball format 1.1.0): item paths, streaming writer, guarded
// reader and extractor, catalog, and the Go-compatible JSON encoding they share.
export {
  ArchiveClosedError,
  ArchiveFormatError,
  ArchiveTooLargeError,
  UnsafeArchiveEntryError,
  UnsupportedArchiveVersionError,
} from "./errors.js";
export {
  archiveDirs,
  archiveFormatVersion,
  parseVersionEntry,
  preferredVersionSuffix,
  supportedMajorVersion,
  versionEntryPath,
  type FormatVersion,
} from "./format.js";
export {
  formatGroupResource,
  itemPath,
  parseGroupResource,
  parseItemPath,
  versionDirOf,
  type GroupResource,
  type ItemRef,
} from "./entry-path.js";
export { compareUtf8, marshalOrdered, marshalSorted, quoteGoString, sortUtf8 } from "./go-json.js";
export {
  ArchiveWriter,
  defaultGzipLevel,
  type AddItemOptions,
  type ArchiveWriterOptions,
} from "./archive-writer.js";
export {
  defaultMaxEntryBytes,
  defaultMaxTotalBytes,
  readArchive,
  type ArchiveEntry,
  type ArchiveReadOptions,
  type ArchiveSource,
} from "./archive-reader.js";
export {
  extractArchive,
  type ExtractArchiveOptions,
  type ExtractedArchive,
} from "./extract-archive.js";
export { ArchiveCatalog, type ResourceItems, type StoredVersions } from "./catalog.js";
