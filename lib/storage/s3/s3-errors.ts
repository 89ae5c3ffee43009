// Translates AWS SDK (S3) failures into storage error classes.
import { numberField, stringField } from "../network-errors.js";
import {
  providerErrorTranslator,
  type ProviderCodeTable,
  type ProviderErrorTranslator,
  type ProviderFailure,
} from "../storage-failure.js";

/** S3 error codes by meaning (AWS documents them; RGW and MinIO reuse them). */
export const s3Codes: ProviderCodeTable = {
  objectNotFound: ["NoSuchKey", "NotFound"],
  bucketNotFound: ["NoSuchBucket"],
  auth: [
    "AccessDenied",
    "AllAccessDisabled",
    "InvalidAccessKeyId",
    "SignatureDoesNotMatch",
    "ExpiredToken",
    "InvalidToken",
    "TokenRefreshRequired",
    "CredentialsProviderError",
    "InvalidClientTokenId",
  ],
  unavailable: [
    "SlowDown",
    "ServiceUnavailable",
    "InternalError",
    "RequestTimeout",
    "Throttling",
    "ThrottlingException",
    "RequestLimitExceeded",
    "TooManyRequestsException",
    "TimeoutError",
    "OperationAborted",
    "BadDigest",
  ],
  config: [
    "PermanentRedirect",
    "AuthorizationHeaderMalformed",
    "RequestTimeTooSkewed",
    "InvalidBucketName",
    "InvalidArgument",
    "InvalidRequest",
    "NotImplemented",
    "KMS.NotFoundException",
  ],
};

/** Status, code and message of an AWS SDK error. */
export function s3Failure(error: unknown): ProviderFailure {
  const metadata = (error as { $metadata?: unknown } | null)?.$metadata;
  const status = numberField(metadata, "httpStatusCode");
  const code = stringField(error, "Code") ?? stringField(error, "name");
  const message = stringField(error, "message") ?? String(error);
  return { status, code, message: message === "UnknownError" ? "no details" : message };
}

/** The storage error for any failure of an S3 request. */
export const translateS3Error: ProviderErrorTranslator = providerErrorTranslator({
  read: s3Failure,
  codes: s3Codes,
});
