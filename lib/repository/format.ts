// The repository format record (`repository.json`): version, algorithms, chunking parameters,
// key-derivation parameters and the master keys wrapped by the password-derived key.
import { randomBytes } from "node:crypto";
import { defaultChunkerParams, type ChunkerParams } from "./chunker.js";
import type { KdfParams } from "./crypto.js";
import { UnsupportedFormatError } from "./errors.js";

/** Marker naming this format; it is not kopia's format even though it lives under `kopia/`. */
export const formatName = "kubectl-velero-repository";
/** Major version this code reads and writes; records with another major are refused. */
export const formatMajor = 1;
const formatMinor = 0;

/** The persisted format record. */
export interface FormatRecord {
  readonly format: typeof formatName;
  /** `"<major>.<minor>"`; minors only add optional fields. */
  readonly version: string;
  readonly uniqueId: string;
  readonly createdAt: string;
  readonly hash: "hmac-sha256";
  readonly encryption: "aes-256-gcm";
  readonly compression: "zstd";
  readonly chunker: ChunkerParams & { readonly algorithm: "gear-fastcdc" };
  /** Smaller chunks for directory listings, so one changed file rewrites little metadata. */
  readonly treeChunker: ChunkerParams & { readonly algorithm: "gear-fastcdc" };
  /** Target size of pack objects in bytes. */
  readonly packSize: number;
  readonly kdf: KdfParams;
  /** Base64 AES-256-GCM of the repository keys under the password-derived key. */
  readonly keys: string;
}

/** Tunables a caller may choose at init; everything else is fixed by the format. */
export interface FormatOptions {
  readonly chunker?: ChunkerParams;
  readonly packSize?: number;
}

const defaultTreeChunker: ChunkerParams = { min: 16 << 10, avg: 64 << 10, max: 512 << 10 };

/** A new record for `initRepository`. */
export function newFormatRecord(
  options: FormatOptions & { readonly kdf: KdfParams; readonly keys: string; readonly now: Date },
): FormatRecord {
  return {
    format: formatName,
    version: `${formatMajor}.${formatMinor}`,
    uniqueId: randomBytes(16).toString("hex"),
    createdAt: options.now.toISOString(),
    hash: "hmac-sha256",
    encryption: "aes-256-gcm",
    compression: "zstd",
    chunker: { algorithm: "gear-fastcdc", ...(options.chunker ?? defaultChunkerParams) },
    treeChunker: { algorithm: "gear-fastcdc", ...defaultTreeChunker },
    packSize: options.packSize ?? 16 << 20,
    kdf: options.kdf,
    keys: options.keys,
  };
}

/** Serializes a record (stable key order, pretty for people reading the bucket). */
export function encodeFormatRecord(record: FormatRecord): string {
  return JSON.stringify(record, null, 2) + "\n";
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function requireValue(record: Record<string, unknown>, field: string, expected: unknown): void {
  if (record[field] !== expected) {
    throw new UnsupportedFormatError(
      `repository ${field} ${JSON.stringify(record[field])} is not supported (expected ${JSON.stringify(expected)})`,
    );
  }
}

/**
 * Parses and validates a record. Throws `UnsupportedFormatError` for another format, an unknown
 * major version or unknown algorithms.
 */
export function decodeFormatRecord(text: string): FormatRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UnsupportedFormatError(`repository format record is not JSON: ${String(error)}`);
  }
  if (!isObject(parsed))
    throw new UnsupportedFormatError("repository format record is not an object");
  requireValue(parsed, "format", formatName);
  const version = typeof parsed["version"] === "string" ? parsed["version"] : "";
  const major = Number(version.split(".")[0]);
  if (major !== formatMajor) {
    throw new UnsupportedFormatError(
      `repository format version "${version}" is not supported (this build reads ${formatMajor}.x)`,
    );
  }
  requireValue(parsed, "hash", "hmac-sha256");
  requireValue(parsed, "encryption", "aes-256-gcm");
  requireValue(parsed, "compression", "zstd");
  const kdf = parsed["kdf"];
  if (!isObject(kdf) || kdf["algorithm"] !== "scrypt" || typeof parsed["keys"] !== "string") {
    throw new UnsupportedFormatError("repository format record has no usable key parameters");
  }
  return parsed as unknown as FormatRecord;
}
