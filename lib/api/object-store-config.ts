// The config keys a BackupStorageLocation's `spec.config` may hold per object storage provider
// (the keys Velero's own plugins accept), so the CLI can refuse a bad key before the agent would
// mark the location Unavailable, and the storage providers validate with the same lists.

/** Config keys per provider (short name), besides the ones Velero injects. */
export const OBJECT_STORE_CONFIG_KEYS = {
  aws: [
    "region",
    "s3Url",
    "publicUrl",
    "kmsKeyId",
    "customerKeyEncryptionFile",
    "customerKeyEncryptionSecret",
    "s3ForcePathStyle",
    "signatureVersion",
    "credentialsFile",
    "profile",
    "serverSideEncryption",
    "insecureSkipTLSVerify",
    "enableSharedConfig",
    "tagging",
    "checksumAlgorithm",
  ],
  azure: [
    "resourceGroup",
    "storageAccount",
    "subscriptionId",
    "blockSizeInBytes",
    "activeDirectoryAuthorityURI",
    "storageAccountURI",
    "useAAD",
    "storageAccountKeyEnvVar",
    "credentialsFile",
  ],
  gcp: ["kmsKeyName", "serviceAccount", "credentialsFile", "storeEndpoint", "universeDomain"],
  filesystem: ["path"],
} as const satisfies Readonly<Record<string, readonly string[]>>;

/** A provider this project ships an object store for. */
export type ObjectStoreProvider = keyof typeof OBJECT_STORE_CONFIG_KEYS;

/** Keys Velero injects into every object store's config besides the provider's own. */
export const INJECTED_CONFIG_KEYS = ["bucket", "prefix", "caCert", "credentialsFile"] as const;

/** The keys of `config` that neither `validKeys` nor the injected keys allow, sorted. */
export function invalidConfigKeys(
  config: Readonly<Record<string, string>> | undefined,
  validKeys: readonly string[],
): string[] {
  const allowed = new Set<string>([...validKeys, ...INJECTED_CONFIG_KEYS]);
  return Object.keys(config ?? {})
    .filter((key) => !allowed.has(key))
    .sort();
}
