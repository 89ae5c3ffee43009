// Finds an AWS bucket's region when the location does not name one, as Velero's AWS plugin
// does: an anonymous HEAD of the bucket answers with an `x-amz-bucket-region` header.
import { BucketNotFoundError, StorageConfigError, StorageUnavailableError } from "../errors.js";
import { describeNetworkFailure } from "../network-errors.js";

/** Options of {@link discoverBucketRegion}. */
export interface RegionDiscoveryOptions {
  /** Base URL of the global S3 endpoint; tests point it at a local server. */
  readonly endpoint?: string;
  readonly timeoutMs: number;
  /** Names the location in messages. */
  readonly where: string;
}

/** The region of `bucket` on AWS S3. */
export async function discoverBucketRegion(
  bucket: string,
  options: RegionDiscoveryOptions,
): Promise<string> {
  const base = options.endpoint ?? "https://s3.amazonaws.com";
  let response: Response;
  try {
    response = await fetch(`${base}/${encodeURIComponent(bucket)}`, {
      method: "HEAD",
      redirect: "manual",
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    const network = describeNetworkFailure(error) ?? String(error);
    throw new StorageUnavailableError(
      `${options.where}: cannot determine the region of bucket "${bucket}" from ${base} (${network}); set config.region`,
    );
  }
  const region = response.headers.get("x-amz-bucket-region");
  if (region !== null && region !== "") return region;
  if (response.status === 404) {
    throw new BucketNotFoundError(bucket, `${options.where}: bucket "${bucket}" does not exist`);
  }
  throw new StorageConfigError(
    `${options.where}: unable to determine the region of bucket "${bucket}" (HTTP ${response.status}); set config.region`,
  );
}
