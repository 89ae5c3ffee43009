// Configuration of the azure provider (velero.io/azure): the config keys Velero's Azure plugin
// accepts, the credentials file it reads, and how requests are authenticated.
import { OBJECT_STORE_CONFIG_KEYS } from "../../api/object-store-config.js";
import { StorageConfigError } from "../errors.js";
import {
  configBoolean,
  configPositiveInteger,
  configUrl,
  configValue,
  locationLabel,
  validateConfigKeys,
  type ProviderSettings,
} from "../provider-settings.js";
import { azureCloud, azureCredentialKeys, parseEnvFile } from "./azure-credentials.js";

/** Config keys of Velero's Azure plugin (besides bucket, prefix, caCert and credentialsFile). */
export const azureConfigKeys = OBJECT_STORE_CONFIG_KEYS.azure;

/** Blocks are at most 100 MiB (Put Block's limit); larger settings are capped, as Velero does. */
export const maxBlockSizeBytes = 100 * 1024 * 1024;

/** How requests to the storage account are authenticated. */
export type AzureAuth =
  | { readonly kind: "sharedKey"; readonly accountKey: string }
  | {
      readonly kind: "aad";
      readonly tenantId: string;
      readonly clientId: string;
      readonly clientSecret: string;
      /** Azure AD authority, e.g. `https://login.microsoftonline.com`. */
      readonly authorityHost: string;
    };

/** The azure provider's resolved configuration. */
export interface AzureConfig {
  readonly account: string;
  /** The blob service endpoint (`storageAccountURI`, or the cloud's default for the account). */
  readonly endpoint: URL;
  /** Block size of stream uploads (`blockSizeInBytes`), when set. */
  readonly blockSizeBytes?: number;
  readonly auth: AzureAuth;
}

/** Validates config keys and the credentials file, and picks the authentication. */
export function parseAzureConfig(settings: ProviderSettings): AzureConfig {
  validateConfigKeys(settings, azureConfigKeys);
  const where = locationLabel(settings);
  const account = configValue(settings, "storageAccount");
  if (account === undefined)
    throw new StorageConfigError(`${where}: storageAccount is required in BSL`);
  const credentials = parseEnvFile(settings.credentials ?? "");
  const cloudName = credentials.get(azureCredentialKeys.cloudName);
  const cloud = azureCloud(cloudName);
  if (cloud === undefined) {
    throw new StorageConfigError(`${where}: unknown cloud: ${cloudName ?? ""} (AZURE_CLOUD_NAME)`);
  }
  const endpoint =
    configUrl(settings, "storageAccountURI") ?? new URL(`https://${account}.${cloud.blobSuffix}`);
  const authorityHost = configValue(settings, "activeDirectoryAuthorityURI") ?? cloud.authorityHost;
  const blockSize = configPositiveInteger(settings, "blockSizeInBytes");
  return {
    account,
    endpoint,
    blockSizeBytes: blockSize === undefined ? undefined : Math.min(blockSize, maxBlockSizeBytes),
    auth: pickAuth(settings, credentials, authorityHost),
  };
}

function pickAuth(
  settings: ProviderSettings,
  credentials: ReadonlyMap<string, string>,
  authorityHost: string,
): AzureAuth {
  const where = locationLabel(settings);
  const keyName = configValue(settings, "storageAccountKeyEnvVar");
  if (keyName !== undefined) {
    const accountKey = credentials.get(keyName) ?? "";
    if (accountKey === "") {
      throw new StorageConfigError(
        `${where}: no storage account access key with key ${keyName} found in credential`,
      );
    }
    return { kind: "sharedKey", accountKey };
  }
  if (!configBoolean(settings, "useAAD")) {
    throw new StorageConfigError(
      `${where}: set storageAccountKeyEnvVar (the credentials-file key holding the account key) or ` +
        `useAAD: "true"; exchanging the account key through Azure Resource Manager is not supported`,
    );
  }
  const read = (key: string): string => {
    const value = credentials.get(key) ?? "";
    if (value === "")
      throw new StorageConfigError(
        `${where}: ${key} is required in the credentials file for useAAD`,
      );
    return value;
  };
  return {
    kind: "aad",
    tenantId: read(azureCredentialKeys.tenantId),
    clientId: read(azureCredentialKeys.clientId),
    clientSecret: read(azureCredentialKeys.clientSecret),
    authorityHost: authorityHost.replace(/\/+$/, ""),
  };
}
