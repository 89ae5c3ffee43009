// Configuration of the aws provider (velero.io/aws): the config keys Velero's AWS plugin
// accepts, validated and resolved into what the S3 client needs.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { OBJECT_STORE_CONFIG_KEYS } from "../../api/object-store-config.js";
import { StorageConfigError } from "../errors.js";
import {
  configBoolean,
  configUrl,
  configValue,
  locationLabel,
  validateConfigKeys,
  type ProviderSettings,
} from "../provider-settings.js";

/** Config keys of Velero's AWS plugin (besides bucket, prefix, caCert and credentialsFile). */
export const s3ConfigKeys = OBJECT_STORE_CONFIG_KEYS.aws;

const checksumAlgorithms = ["CRC32", "CRC32C", "SHA1", "SHA256"] as const;

/** A checksum the SDK computes for each upload, as the `checksumAlgorithm` key selects. */
export type S3ChecksumAlgorithm = (typeof checksumAlgorithms)[number];

/** An SSE-C key: base64 of the 32 key bytes and of their MD5. */
export interface S3CustomerKey {
  readonly key: string;
  readonly md5: string;
}

/** The aws provider's resolved configuration. */
export interface S3Config {
  /** Empty when it must be discovered from the bucket (real AWS without `region`). */
  readonly region: string;
  /** `s3Url`: an S3-compatible endpoint; undefined for AWS itself. */
  readonly endpoint?: URL;
  /** `publicUrl`: the endpoint written into signed URLs. */
  readonly publicUrl?: URL;
  readonly forcePathStyle: boolean;
  readonly insecureSkipTLSVerify: boolean;
  readonly profile: string;
  readonly serverSideEncryption?: string;
  readonly kmsKeyId?: string;
  readonly customerKey?: S3CustomerKey;
  /** `K1=V1&K2=V2`, sent as the Tagging of every put. */
  readonly tagging?: string;
  /** Undefined when `checksumAlgorithm` is set to "" (no checksums: some S3 clones refuse them). */
  readonly checksumAlgorithm?: S3ChecksumAlgorithm;
}

/** Validates the config keys and values, and reads the SSE-C key file when one is named. */
export async function parseS3Config(settings: ProviderSettings): Promise<S3Config> {
  validateConfigKeys(settings, s3ConfigKeys);
  const where = locationLabel(settings);
  const endpoint = configUrl(settings, "s3Url");
  const kmsKeyId = configValue(settings, "kmsKeyId");
  const customerKeyFile = configValue(settings, "customerKeyEncryptionFile");
  const customerKeySecret = configValue(settings, "customerKeyEncryptionSecret");
  if ([kmsKeyId, customerKeyFile, customerKeySecret].filter((v) => v !== undefined).length > 1) {
    throw new StorageConfigError(
      `${where}: you can only use one of: kmsKeyId, customerKeyEncryptionFile, or customerKeyEncryptionSecret`,
    );
  }
  if (customerKeySecret !== undefined) {
    throw new StorageConfigError(
      `${where}: customerKeyEncryptionSecret is not supported; mount the key and use customerKeyEncryptionFile`,
    );
  }
  checkSignatureVersion(settings, where);
  return {
    region: configValue(settings, "region") ?? (endpoint === undefined ? "" : "us-east-1"),
    endpoint,
    publicUrl: configUrl(settings, "publicUrl"),
    forcePathStyle: configBoolean(settings, "s3ForcePathStyle"),
    insecureSkipTLSVerify: configBoolean(settings, "insecureSkipTLSVerify"),
    profile: configValue(settings, "profile") ?? "default",
    serverSideEncryption: configValue(settings, "serverSideEncryption"),
    kmsKeyId,
    customerKey:
      customerKeyFile === undefined ? undefined : await readCustomerKey(customerKeyFile, where),
    tagging: parseTagging(configValue(settings, "tagging"), where),
    checksumAlgorithm: parseChecksumAlgorithm(settings.config["checksumAlgorithm"], where),
  };
}

function checkSignatureVersion(settings: ProviderSettings, where: string): void {
  const version = configValue(settings, "signatureVersion");
  if (version !== undefined && version !== "4" && version !== "1") {
    throw new StorageConfigError(`${where}: signatureVersion "${version}" must be "1" or "4"`);
  }
}

/** Absent ⇒ CRC32 (Velero's default); "" ⇒ none. */
function parseChecksumAlgorithm(
  value: string | undefined,
  where: string,
): S3ChecksumAlgorithm | undefined {
  if (value === undefined) return "CRC32";
  if (value === "") return undefined;
  const found = checksumAlgorithms.find((algorithm) => algorithm === value);
  if (found === undefined) {
    throw new StorageConfigError(
      `${where}: invalid checksum algorithm: ${value} (valid: ${checksumAlgorithms.join(", ")} or "")`,
    );
  }
  return found;
}

/** Checks `K1=V1&K2=V2`: at most ten tags, keys ≤ 128 and values ≤ 256 characters. */
export function parseTagging(tagging: string | undefined, where: string): string | undefined {
  if (tagging === undefined) return undefined;
  const tags = tagging.split("&");
  if (tags.length > 10)
    throw new StorageConfigError(`${where}: S3 allows only ten tags per object`);
  for (const tag of tags) {
    const parts = tag.split("=");
    const [key = "", value = ""] = parts;
    if (parts.length !== 2 || key === "") {
      throw new StorageConfigError(`${where}: invalid tagging "${tagging}" (expected K1=V1&K2=V2)`);
    }
    if (Array.from(key).length > 128 || Array.from(value).length > 256) {
      throw new StorageConfigError(
        `${where}: an S3 tag key is at most 128 and a value 256 characters`,
      );
    }
  }
  return tagging;
}

async function readCustomerKey(path: string, where: string): Promise<S3CustomerKey> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new StorageConfigError(`${where}: cannot read customerKeyEncryptionFile ${path}`, {
      cause: error,
    });
  }
  if (bytes.length !== 32) {
    throw new StorageConfigError(
      `${where}: contents of customerKeyEncryptionFile (${path}) are not exactly 32 bytes`,
    );
  }
  return {
    key: bytes.toString("base64"),
    md5: createHash("md5").update(bytes).digest("base64"),
  };
}
