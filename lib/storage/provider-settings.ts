// The resolved storage settings every provider is built from (a BackupStorageLocation's
// provider, objectStorage, config and credentials), and the config-key checks they share.
// The leaf module, not lib/api/index.ts: the storage providers must not pull the whole API
// module (schemas, yaml) into the node-agent's start-up.
import { invalidConfigKeys } from "../api/object-store-config.js";
import { StorageConfigError } from "./errors.js";

/** Time limits of one provider request. */
export interface StorageTimeouts {
  /** Connecting (TCP + TLS) to the endpoint; an unreachable endpoint fails after this. */
  readonly connectMs: number;
  /** Longest wait for a response, or between two chunks of one, before the request fails. */
  readonly requestMs: number;
}

/** Defaults that fail an unreachable endpoint within seconds and a stalled transfer in minutes. */
export const defaultStorageTimeouts: StorageTimeouts = { connectMs: 10_000, requestMs: 120_000 };

/** How stream bodies are uploaded: in parts of `partSizeBytes`, `concurrency` parts at a time. */
export interface UploadTuning {
  /** Bytes per part or block; memory held by one upload is about this times (concurrency + 1). */
  readonly partSizeBytes: number;
  readonly concurrency: number;
  /**
   * Attempts per part of a stream upload. A stream cannot be replayed, so the retrying decorator
   * never retries a stream `put`; buffered parts are the one place such uploads are retried.
   */
  readonly partAttempts: number;
}

/** 8 MiB parts, two in flight: about 24 MiB per upload whatever the object's size. */
export const defaultUploadTuning: UploadTuning = {
  partSizeBytes: 8 * 1024 * 1024,
  concurrency: 2,
  partAttempts: 3,
};

/** Everything a provider factory needs, already read and normalised by the registry. */
export interface ProviderSettings {
  /** Normalised provider name, e.g. `velero.io/aws`. */
  readonly provider: string;
  readonly bucket: string;
  /** objectStorage.prefix without leading or trailing `/`; keys passed to the store include it. */
  readonly prefix: string;
  /** PEM bytes of CA certificates to trust in addition to the system's. */
  readonly caCert?: Buffer;
  /** The location's `config` map. */
  readonly config: Readonly<Record<string, string>>;
  /** Contents of the credentials file, when one was given. Never logged or put in a message. */
  readonly credentials?: string;
  /** The BackupStorageLocation's name, for messages. */
  readonly locationName?: string;
  readonly timeouts: StorageTimeouts;
  readonly upload: UploadTuning;
}

/**
 * Rejects config keys the provider does not know, as Velero's plugins do: the message is
 * `config has invalid keys [a b]; valid keys are [...]`, prefixed with the location.
 */
export function validateConfigKeys(settings: ProviderSettings, validKeys: readonly string[]): void {
  const invalid = invalidConfigKeys(settings.config, validKeys);
  if (invalid.length === 0) return;
  throw new StorageConfigError(
    `${locationLabel(settings)}: config has invalid keys [${invalid.join(" ")}]; ` +
      `valid keys are [${validKeys.join(" ")}]`,
  );
}

/** `backup storage location "x" (velero.io/aws)` or just the provider when unnamed. */
export function locationLabel(
  settings: Pick<ProviderSettings, "locationName" | "provider">,
): string {
  return settings.locationName === undefined
    ? `${settings.provider} location`
    : `backup storage location "${settings.locationName}" (${settings.provider})`;
}

/** A config value, or undefined when the key is absent or empty. */
export function configValue(settings: ProviderSettings, key: string): string | undefined {
  const value = settings.config[key];
  return value === undefined || value === "" ? undefined : value;
}

/** Parses a boolean config value the way Go's strconv.ParseBool does; absent ⇒ `fallback`. */
export function configBoolean(settings: ProviderSettings, key: string, fallback = false): boolean {
  const value = configValue(settings, key);
  if (value === undefined) return fallback;
  if (["1", "t", "T", "TRUE", "true", "True"].includes(value)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(value)) return false;
  throw new StorageConfigError(
    `${locationLabel(settings)}: could not parse ${key} "${value}" (expected bool)`,
  );
}

/** Parses a positive integer config value; absent ⇒ undefined. */
export function configPositiveInteger(settings: ProviderSettings, key: string): number | undefined {
  const value = configValue(settings, key);
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed <= 0) {
    throw new StorageConfigError(
      `${locationLabel(settings)}: ${key} "${value}" is not a positive integer`,
    );
  }
  return parsed;
}

/** Parses an http(s) URL config value; absent ⇒ undefined. */
export function configUrl(settings: ProviderSettings, key: string): URL | undefined {
  const value = configValue(settings, key);
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch (error) {
    throw new StorageConfigError(`${locationLabel(settings)}: ${key} "${value}" is not a URL`, {
      cause: error,
    });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new StorageConfigError(
      `${locationLabel(settings)}: ${key} "${value}" must start with http:// or https://`,
    );
  }
  return url;
}

/** Builds a store's `description`: provider, bucket, prefix and endpoint, never a secret. */
export function describeStore(settings: ProviderSettings, endpoint: string): string {
  const name = settings.locationName === undefined ? "" : `location "${settings.locationName}": `;
  const prefix = settings.prefix === "" ? "" : ` prefix "${settings.prefix}"`;
  const kind = settings.provider.replace(/^velero\.io\//, "");
  return `${name}${kind} bucket "${settings.bucket}"${prefix} at ${endpoint}`;
}
