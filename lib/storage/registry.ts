// Turns a BackupStorageLocation's storage settings into a working ObjectStore: picks the
// provider, reads the credentials file, and wraps the store in the retrying decorator.
import { readFile } from "node:fs/promises";
import type { Clock } from "../clock.js";
import type { Logger } from "../log.js";
import { StorageConfigError } from "./errors.js";
import type { ObjectStore } from "./object-store.js";
import {
  defaultStorageTimeouts,
  defaultUploadTuning,
  type ProviderSettings,
  type StorageTimeouts,
  type UploadTuning,
} from "./provider-settings.js";
import { RetryingObjectStore, type RetryPolicy } from "./retrying-object-store.js";

/** The storage part of a BackupStorageLocation, as Velero's object-store plugins receive it. */
export interface ObjectStoreLocation {
  /** `aws`, `azure`, `gcp`, `filesystem`, or the same with a `velero.io/` prefix. */
  readonly provider: string;
  /** objectStorage.bucket (the container, for Azure). */
  readonly bucket: string;
  /** objectStorage.prefix; leading and trailing `/` are trimmed. */
  readonly prefix?: string;
  /** objectStorage.caCert (or the caCertRef Secret's value): PEM certificates to trust. */
  readonly caCert?: string | Uint8Array;
  /** spec.config, passed to the provider as is; unknown keys are refused. */
  readonly config?: Readonly<Record<string, string>>;
  /**
   * Contents of the credentials file (the value of the Secret key `spec.credential` names, or
   * the install's `cloud` key). Wins over every file path.
   */
  readonly credentials?: string | Uint8Array;
  /** Path of the credentials file; `config.credentialsFile` is used when this is absent. */
  readonly credentialsFile?: string;
  /** The BackupStorageLocation's name, used in messages. */
  readonly name?: string;
}

/** {@link createObjectStore}'s options: the location plus how to talk to it. */
export interface CreateObjectStoreOptions extends ObjectStoreLocation {
  readonly timeouts?: Partial<StorageTimeouts>;
  readonly upload?: Partial<UploadTuning>;
  /** Retry policy of the returned store; `false` returns the bare provider. */
  readonly retry?: Partial<RetryPolicy> | false;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

type ProviderFactory = (settings: ProviderSettings) => Promise<ObjectStore>;

const factories: Readonly<Record<string, ProviderFactory>> = {
  "velero.io/aws": async (settings) => {
    const { S3ObjectStore } = await import("./s3/s3-object-store.js");
    return S3ObjectStore.fromSettings(settings);
  },
  "velero.io/azure": async (settings) => {
    const { AzureObjectStore } = await import("./azure/azure-object-store.js");
    return AzureObjectStore.fromSettings(settings);
  },
  "velero.io/gcp": async (settings) => {
    const { GcsObjectStore } = await import("./gcs/gcs-object-store.js");
    return GcsObjectStore.fromSettings(settings);
  },
  "velero.io/filesystem": async (settings) => {
    const { FilesystemObjectStore } = await import("./filesystem/filesystem-object-store.js");
    return FilesystemObjectStore.fromSettings(settings);
  },
};

/** Provider names this build supports, normalised (`velero.io/aws`, ...). */
export const supportedProviders: readonly string[] = Object.keys(factories);

/** `aws` ⇒ `velero.io/aws`; names that contain `/` are returned unchanged. */
export function normaliseProvider(provider: string): string {
  return provider.includes("/") ? provider : `velero.io/${provider}`;
}

/**
 * Builds the ObjectStore for a location. Validates the provider and its config keys (unknown
 * ones ⇒ `StorageConfigError` naming them) and reads the credentials, but makes no request:
 * a missing bucket or wrong key shows on the first operation. Credentials never appear in the
 * store's `description`, its errors or its logs.
 */
export async function createObjectStore(options: CreateObjectStoreOptions): Promise<ObjectStore> {
  const settings = await resolveSettings(options);
  const factory = factories[settings.provider];
  if (factory === undefined) {
    throw new StorageConfigError(
      `${locationName(options)}: unknown object storage provider "${options.provider}" ` +
        `(supported: ${supportedProviders.join(", ")})`,
    );
  }
  const store = await factory(settings);
  if (options.retry === false) return store;
  return new RetryingObjectStore(store, {
    policy: options.retry,
    clock: options.clock,
    logger: options.logger,
  });
}

/** Reads the credentials and fills defaults; exported for tests of single providers. */
export async function resolveSettings(
  options: CreateObjectStoreOptions,
): Promise<ProviderSettings> {
  if (options.bucket === "") {
    throw new StorageConfigError(`${locationName(options)}: objectStorage.bucket is required`);
  }
  return {
    provider: normaliseProvider(options.provider),
    bucket: options.bucket,
    prefix: (options.prefix ?? "").replace(/^\/+|\/+$/g, ""),
    caCert: options.caCert === undefined ? undefined : Buffer.from(options.caCert),
    config: options.config ?? {},
    credentials: await readCredentials(options),
    locationName: options.name,
    timeouts: { ...defaultStorageTimeouts, ...options.timeouts },
    upload: { ...defaultUploadTuning, ...options.upload },
  };
}

async function readCredentials(options: CreateObjectStoreOptions): Promise<string | undefined> {
  if (options.credentials !== undefined) return Buffer.from(options.credentials).toString("utf8");
  const path = options.credentialsFile ?? options.config?.["credentialsFile"];
  if (path === undefined || path === "") return undefined;
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new StorageConfigError(
      `${locationName(options)}: cannot read credentials file ${path} (${String(code)})`,
      { cause: error },
    );
  }
}

function locationName(options: ObjectStoreLocation): string {
  return options.name === undefined
    ? `${normaliseProvider(options.provider)} location`
    : `backup storage location "${options.name}"`;
}
