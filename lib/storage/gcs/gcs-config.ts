// Configuration of the gcp provider (velero.io/gcp): the config keys Velero's GCP plugin
// accepts and the service-account JSON key it reads as credentials.
import { OBJECT_STORE_CONFIG_KEYS } from "../../api/object-store-config.js";
import { StorageConfigError } from "../errors.js";
import {
  configUrl,
  configValue,
  locationLabel,
  validateConfigKeys,
  type ProviderSettings,
} from "../provider-settings.js";

/** Config keys of Velero's GCP plugin (besides bucket, prefix, caCert and credentialsFile). */
export const gcsConfigKeys = OBJECT_STORE_CONFIG_KEYS.gcp;

/** The parts of a credentials JSON file the provider uses. */
export interface GcsCredentials {
  /** `service_account` (a key that can sign URLs) or `external_account` (federation). */
  readonly type: string;
  readonly client_email?: string;
  readonly private_key?: string;
  readonly project_id?: string;
  readonly [field: string]: unknown;
}

/** The gcp provider's resolved configuration. */
export interface GcsConfig {
  /** `storeEndpoint`: a private endpoint or an emulator; undefined for storage.googleapis.com. */
  readonly endpoint?: URL;
  readonly universeDomain?: string;
  readonly kmsKeyName?: string;
  /** `serviceAccount`: who signs URLs when there is no key file (workload identity). */
  readonly serviceAccount?: string;
  /** Undefined: Application Default Credentials (workload identity, metadata server). */
  readonly credentials?: GcsCredentials;
}

/** Validates the config keys and parses the credentials JSON. */
export function parseGcsConfig(settings: ProviderSettings): GcsConfig {
  validateConfigKeys(settings, gcsConfigKeys);
  return {
    endpoint: configUrl(settings, "storeEndpoint"),
    universeDomain: configValue(settings, "universeDomain"),
    kmsKeyName: configValue(settings, "kmsKeyName"),
    serviceAccount: configValue(settings, "serviceAccount"),
    credentials:
      settings.credentials === undefined
        ? undefined
        : parseCredentials(settings.credentials, locationLabel(settings)),
  };
}

function parseCredentials(text: string, where: string): GcsCredentials {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new StorageConfigError(
      `${where}: the credentials file is not JSON (expected a service-account key)`,
    );
  }
  if (typeof parsed !== "object" || parsed === null || !("type" in parsed)) {
    throw new StorageConfigError(
      `${where}: the credentials file has no "type" (expected a service-account key)`,
    );
  }
  const credentials = parsed as GcsCredentials;
  if (credentials.type === "service_account") requireKeyFields(credentials, where);
  return credentials;
}

function requireKeyFields(credentials: GcsCredentials, where: string): void {
  if ((credentials.client_email ?? "") === "") {
    throw new StorageConfigError(`${where}: credentials file does not contain an email`);
  }
  if ((credentials.private_key ?? "") === "") {
    throw new StorageConfigError(`${where}: credentials file does not contain a private key`);
  }
}
