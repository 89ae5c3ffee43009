// Validates a BackupStorageLocation as Velero's BSL controller does: the spec, opening its
// store (provider, credentials, CA), then `IsValid` on the bucket; failures become a message.
import type { BackupStorageLocation } from "../../lib/api/index.js";
import { errorMessage } from "../../lib/errors.js";
import type { OpenedLocation } from "../storage/index.js";
import { sanitizeLocationMessage } from "./location-message.js";

/** Opens a location's store; `LocationStores` is one. */
export interface LocationOpener {
  open(location: BackupStorageLocation): Promise<OpenedLocation>;
}

/** The outcome of a validation: Available, or Unavailable with why. */
export type LocationValidation =
  | { readonly phase: "Available"; readonly message?: undefined }
  | { readonly phase: "Unavailable"; readonly message: string };

/**
 * Velero's spec checks, with its messages: both `caCert` and `caCertRef`, an empty provider,
 * a bucket holding a `/` (unless it is an S3 access-point ARN). Undefined when the spec is fine.
 */
export function checkLocationSpec(location: BackupStorageLocation): string | undefined {
  const { provider, objectStorage } = location.spec;
  const hasCaCert = objectStorage.caCert !== undefined && objectStorage.caCert !== "";
  if (hasCaCert && objectStorage.caCertRef !== undefined) {
    return "cannot specify both caCert and caCertRef in objectStorage";
  }
  if (provider === "") return "object storage provider name must not be empty";
  const bucket = objectStorage.bucket.replace(/^\/+|\/+$/g, "");
  if (bucket.includes("/") && !bucket.startsWith("arn:aws:s3:")) {
    return (
      `backup storage location's bucket name "${objectStorage.bucket}" must not contain a '/' ` +
      "(if using a prefix, put it in the 'Prefix' field instead)"
    );
  }
  return undefined;
}

/**
 * Checks the spec, opens the store and lists the location's root: Available when every
 * top-level directory is one Velero knows. Otherwise Unavailable with
 * `BackupStorageLocation "<name>" is unavailable: <cause>`, where the cause names what failed
 * (the spec, the credentials Secret, a missing bucket, rejected credentials, an unreachable
 * endpoint, unknown top-level folders) and never carries a secret. Never throws.
 */
export async function validateLocation(
  opener: LocationOpener,
  location: BackupStorageLocation,
): Promise<LocationValidation> {
  const cause = await findProblem(opener, location);
  if (cause === undefined) return { phase: "Available" };
  const name = location.metadata.name ?? "";
  return {
    phase: "Unavailable",
    message: sanitizeLocationMessage(`BackupStorageLocation "${name}" is unavailable: ${cause}`),
  };
}

async function findProblem(
  opener: LocationOpener,
  location: BackupStorageLocation,
): Promise<string | undefined> {
  const specProblem = checkLocationSpec(location);
  if (specProblem !== undefined) return specProblem;
  try {
    const opened = await opener.open(location);
    await opened.store.isValid();
    return undefined;
  } catch (error) {
    return errorMessage(error);
  }
}
