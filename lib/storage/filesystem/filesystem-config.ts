// Configuration of the filesystem provider: a root directory (`config.path`) holding one
// directory per bucket, laid out exactly like the bucket's keys.
import { isAbsolute, join, resolve } from "node:path";
import { OBJECT_STORE_CONFIG_KEYS } from "../../api/object-store-config.js";
import { StorageConfigError } from "../errors.js";
import {
  configValue,
  locationLabel,
  validateConfigKeys,
  type ProviderSettings,
} from "../provider-settings.js";

/** Config keys the filesystem provider accepts besides the ones Velero injects. */
export const filesystemConfigKeys = OBJECT_STORE_CONFIG_KEYS.filesystem;

/** Name of the directory under the root where puts are written before being renamed. */
export const filesystemTempDirName = ".kubectl-velero-tmp";

/** Where a filesystem location lives. */
export interface FilesystemConfig {
  /** `config.path`, absolute. */
  readonly root: string;
  /** `<root>/<bucket>`: every object of the location is a file below it. */
  readonly bucketDir: string;
  /** `<root>/.kubectl-velero-tmp`: same filesystem as the buckets, so rename is atomic. */
  readonly tempDir: string;
}

/** Validates the settings and resolves the directories; does not touch the disk. */
export function parseFilesystemConfig(settings: ProviderSettings): FilesystemConfig {
  validateConfigKeys(settings, filesystemConfigKeys);
  const path = configValue(settings, "path");
  if (path === undefined) {
    throw new StorageConfigError(
      `${locationLabel(settings)}: config.path (the root directory of the buckets) is required`,
    );
  }
  if (!isAbsolute(path)) {
    throw new StorageConfigError(
      `${locationLabel(settings)}: config.path "${path}" is not absolute`,
    );
  }
  const bucket = settings.bucket;
  if (bucket === "" || bucket.includes("/") || bucket.startsWith(".") || bucket.includes("\0")) {
    throw new StorageConfigError(
      `${locationLabel(settings)}: bucket "${bucket}" must be one directory name, not empty and not starting with "."`,
    );
  }
  const root = resolve(path);
  return { root, bucketDir: join(root, bucket), tempDir: join(root, filesystemTempDirName) };
}
