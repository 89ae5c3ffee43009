// Translates Cloud Storage SDK failures (ApiError, gaxios errors) into storage error classes.
import { numberField, stringField } from "../network-errors.js";
import {
  providerErrorTranslator,
  type ProviderCodeTable,
  type ProviderErrorTranslator,
  type ProviderFailure,
} from "../storage-failure.js";

/** GCS JSON API error reasons by meaning. */
export const gcsCodes: ProviderCodeTable = {
  objectNotFound: [],
  bucketNotFound: ["bucketNotFound"],
  auth: ["authError", "forbidden", "required", "unauthorized", "accountDisabled", "invalid_grant"],
  unavailable: ["rateLimitExceeded", "userRateLimitExceeded", "backendError", "internalError"],
  config: ["invalid", "invalidArgument", "badRequest", "conditionNotMet"],
};

/** Status, reason and message of a GCS error. A 404 naming the bucket becomes `bucketNotFound`. */
export function gcsFailure(error: unknown): ProviderFailure {
  const status = gcsStatus(error);
  const message = (stringField(error, "message") ?? String(error)).split("\n")[0] ?? "";
  const missingBucket = status === 404 && /bucket does not exist/i.test(message);
  const reason = missingBucket ? "bucketNotFound" : gcsReason(error);
  return { status, code: reason, message: message === "" ? "no details" : message };
}

function gcsStatus(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "number") return code;
  return numberField((error as { response?: unknown } | null)?.response, "status");
}

function gcsReason(error: unknown): string | undefined {
  const errors = (error as { errors?: unknown } | null)?.errors;
  return Array.isArray(errors) ? stringField(errors[0], "reason") : undefined;
}

/** The storage error for any failure of a GCS request. */
export const translateGcsError: ProviderErrorTranslator = providerErrorTranslator({
  read: gcsFailure,
  codes: gcsCodes,
});
