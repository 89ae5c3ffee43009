// The CA bundle of the backup storage location a backup or restore lives in, for verifying the
// signed URL's TLS certificate: the `caCertRef` Secret key wins over the inline `caCert`.
import type { BackupStorageLocation } from "../../lib/api/index.js";
import { VeleroError } from "../../lib/errors.js";
import { isNotFound, type ResourceClient, type KubeObject } from "../../lib/kube/index.js";

/** A Secret as read from the API (data values base64). */
export interface SecretObject extends KubeObject {
  data?: Record<string, string>;
}

/** What {@link locationCaCert} reads from. */
export interface LocationCaCertSources {
  readonly getLocation: (name: string) => Promise<BackupStorageLocation>;
  readonly secrets: ResourceClient<SecretObject>;
  readonly namespace: string;
}

/**
 * The location's PEM bundle, or undefined when it has none or does not exist (as Velero,
 * a missing location is not an error here). A `caCertRef` naming a missing Secret or key is.
 */
export async function locationCaCert(
  sources: LocationCaCertSources,
  locationName: string | undefined,
): Promise<string | undefined> {
  if (locationName === undefined || locationName === "") return undefined;
  let location: BackupStorageLocation;
  try {
    location = await sources.getLocation(locationName);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  const storage = location.spec.objectStorage;
  const ref = storage.caCertRef;
  if (ref !== undefined) return secretValue(sources, ref.name ?? "", ref.key);
  if (storage.caCert === undefined || storage.caCert === "") return undefined;
  return Buffer.from(storage.caCert, "base64").toString("utf8");
}

async function secretValue(
  sources: LocationCaCertSources,
  name: string,
  key: string,
): Promise<string> {
  let secret: SecretObject;
  try {
    secret = await sources.secrets.get(name, sources.namespace);
  } catch (error) {
    if (isNotFound(error)) {
      throw new VeleroError(
        "CaCertSecretNotFound",
        `certificate secret ${name} not found in namespace ${sources.namespace}`,
      );
    }
    throw error;
  }
  const value = secret.data?.[key];
  if (key === "") throw new VeleroError("CaCertKeyEmpty", "caCertRef key is empty");
  if (value === undefined) {
    throw new VeleroError("CaCertKeyNotFound", `key ${key} not found in secret ${name}`);
  }
  return Buffer.from(value, "base64").toString("utf8");
}
