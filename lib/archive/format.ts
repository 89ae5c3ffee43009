// The backup archive format: its version (1.1.0, as Velero writes it) and directory names.
import { ArchiveFormatError, UnsupportedArchiveVersionError } from "./errors.js";

/** The format version this project writes into `metadata/version` (Velero's BackupFormatVersion). */
export const archiveFormatVersion = "1.1.0";

/** The only major format version readers accept. */
export const supportedMajorVersion = 1;

/** Top-level and scope directory names inside the archive. */
export const archiveDirs = {
  metadata: "metadata",
  resources: "resources",
  namespaces: "namespaces",
  cluster: "cluster",
} as const;

/** Suffix of the directory that holds the copy of each item in its preferred API version. */
export const preferredVersionSuffix = "-preferredversion";

/** Path of the entry that carries the format version; written first. */
export const versionEntryPath = `${archiveDirs.metadata}/version`;

/** A parsed `major.minor.patch` format version. */
export interface FormatVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** The version as written, without surrounding whitespace. */
  readonly text: string;
}

/** Content of the `metadata/version` entry: the version and a newline. */
export function encodeVersionEntry(version: string = archiveFormatVersion): Buffer {
  return Buffer.from(`${version}\n`);
}

/**
 * Parses the content of `metadata/version` and checks its major version.
 * Throws `ArchiveFormatError` when it is not `major.minor.patch`, and
 * `UnsupportedArchiveVersionError` when the major version is not 1.
 */
export function parseVersionEntry(content: Buffer | string): FormatVersion {
  const text = content.toString().trim();
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (match === null) {
    throw new ArchiveFormatError(`invalid archive format version ${JSON.stringify(text)}`);
  }
  const [major, minor, patch] = match.slice(1).map(Number) as [number, number, number];
  if (major !== supportedMajorVersion) {
    throw new UnsupportedArchiveVersionError(text, `${supportedMajorVersion}.x`);
  }
  return { major, minor, patch, text };
}
