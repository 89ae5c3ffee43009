// The BackupStorageLocation `backup-location create` submits, as Velero's CLI builds it.
import { InvalidArgumentError, Option } from "commander";
import {
  BACKUP_STORAGE_LOCATION_ACCESS_MODES,
  type BackupStorageLocation,
  type BackupStorageLocationAccessMode,
} from "../../../lib/api/index.js";
import { UsageError } from "../../errors.js";
import { checkObjectStoreConfig, credentialSelector } from "./provider-config.js";

/** The parsed `backup-location create` flags. */
export interface LocationOptions {
  readonly provider?: string;
  readonly bucket?: string;
  readonly prefix?: string;
  readonly config?: Record<string, string>;
  readonly credential?: Record<string, string>;
  readonly default?: boolean;
  readonly accessMode?: BackupStorageLocationAccessMode;
  readonly backupSyncPeriod?: string;
  readonly validationFrequency?: string;
  readonly labels?: Record<string, string>;
  /** Contents of the `--cacert` file. */
  readonly caCertPem?: Buffer;
}

/** Commander parser for `--access-mode` (Velero's enum flag). */
export function parseAccessMode(value: string): BackupStorageLocationAccessMode {
  const mode = BACKUP_STORAGE_LOCATION_ACCESS_MODES.find((m) => m === value);
  if (mode === undefined) {
    throw new InvalidArgumentError(`invalid value (valid values: ReadWrite, ReadOnly)`);
  }
  return mode;
}

/** The `--access-mode` option (default ReadWrite). */
export function accessModeOption(): Option {
  return new Option("--access-mode <mode>", "access mode: ReadWrite or ReadOnly")
    .argParser(parseAccessMode)
    .default("ReadWrite");
}

/** Velero's checks (provider, bucket, credential) plus the provider's config keys. */
export function validateLocationOptions(options: LocationOptions): void {
  if (options.provider === undefined || options.provider === "") {
    throw new UsageError("--provider is required");
  }
  if (options.bucket === undefined || options.bucket === "") {
    throw new UsageError("--bucket is required");
  }
  if (options.bucket.includes("/") && !options.bucket.startsWith("arn:aws:s3:")) {
    throw new UsageError(
      `bucket "${options.bucket}" must be a bucket name without "/" (use --prefix for a folder)`,
    );
  }
  credentialSelector(options.credential);
  checkObjectStoreConfig(options.provider, options.config);
}

/** The BackupStorageLocation the flags describe. */
export function buildBackupStorageLocation(input: {
  readonly namespace: string;
  readonly name: string;
  readonly options: LocationOptions;
}): BackupStorageLocation {
  const { options } = input;
  const location: BackupStorageLocation = {
    apiVersion: "velero.io/v1",
    kind: "BackupStorageLocation",
    metadata: { namespace: input.namespace, name: input.name },
    spec: {
      provider: options.provider ?? "",
      objectStorage: { bucket: options.bucket ?? "" },
      accessMode: options.accessMode ?? "ReadWrite",
    },
  };
  assignDefined(location.metadata, { labels: nonEmpty(options.labels) });
  assignDefined(location.spec.objectStorage, {
    prefix: options.prefix === "" ? undefined : options.prefix,
    caCert: options.caCertPem?.toString("base64"),
  });
  assignDefined(location.spec, {
    config: nonEmpty(options.config),
    credential: credentialSelector(options.credential),
    default: options.default === true ? true : undefined,
    backupSyncPeriod: options.backupSyncPeriod,
    validationFrequency: options.validationFrequency,
  });
  return location;
}

function nonEmpty<T extends object>(value: T | undefined): T | undefined {
  return value === undefined || Object.keys(value).length === 0 ? undefined : value;
}

function assignDefined(target: object, values: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined) Object.assign(target, { [key]: value });
  }
}
