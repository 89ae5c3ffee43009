// The translation every provider shares: an SDK failure reduced to (HTTP status, error code,
// message) is classified with the provider's code table and becomes one storage error class.
import { VeleroError } from "../errors.js";
import {
  BucketNotFoundError,
  ObjectNotFoundError,
  StorageAuthError,
  StorageConfigError,
  StorageUnavailableError,
} from "./errors.js";
import { describeNetworkFailure } from "./network-errors.js";

/** What a provider could read from an SDK error. */
export interface ProviderFailure {
  readonly status?: number;
  /** The service's error code, e.g. `NoSuchKey`, `ContainerNotFound`. */
  readonly code?: string;
  /** The service's message; must not contain credentials (SDK messages do not). */
  readonly message: string;
}

/** Which error code means what, for one provider. Codes not listed fall back to the status. */
export interface ProviderCodeTable {
  readonly objectNotFound: readonly string[];
  readonly bucketNotFound: readonly string[];
  readonly auth: readonly string[];
  readonly unavailable: readonly string[];
  readonly config: readonly string[];
}

/** Where a failure happened, for the message. */
export interface FailureContext {
  /** The store's description (provider, bucket, endpoint). */
  readonly store: string;
  readonly bucket: string;
  /** `get "backups/b/x.gz"`, `list "backups/"`, ... */
  readonly action: string;
  /** The key, when the operation had one (not-found errors carry it). */
  readonly key?: string;
}

/** The class a failure belongs to. */
export type FailureKind = "objectNotFound" | "bucketNotFound" | "auth" | "unavailable" | "config";

/** Classifies a failure: the code table first, then transport failures, then the status. */
export function classifyFailure(failure: ProviderFailure, table: ProviderCodeTable): FailureKind {
  const code = failure.code ?? "";
  for (const kind of [
    "objectNotFound",
    "bucketNotFound",
    "auth",
    "unavailable",
    "config",
  ] as const) {
    if (table[kind].includes(code)) return kind;
  }
  return classifyStatus(failure.status);
}

function classifyStatus(status: number | undefined): FailureKind {
  if (status === undefined) return "unavailable";
  if (status === 401 || status === 403) return "auth";
  if (status === 404) return "objectNotFound";
  if (status === 408 || status === 429 || status >= 500) return "unavailable";
  return "config";
}

/**
 * Builds the storage error for a classified failure. The message names the store (so the
 * bucket and endpoint), the action and the cause; the `cause` is a plain summary, never the SDK
 * error itself (SDK errors can carry request headers such as bearer tokens).
 */
export function storageError(
  kind: FailureKind,
  context: FailureContext,
  failure: ProviderFailure,
): VeleroError {
  const detail = describeFailure(failure);
  const cause = new Error(detail);
  const message = `${context.store}: cannot ${context.action}: ${detail}`;
  switch (kind) {
    case "objectNotFound":
      return new ObjectNotFoundError(context.key ?? "", { store: context.store, cause });
    case "bucketNotFound":
      return new BucketNotFoundError(
        context.bucket,
        `${context.store}: bucket "${context.bucket}" does not exist (${detail})`,
        { cause },
      );
    case "auth":
      return new StorageAuthError(`${message} (check the location's credentials)`, { cause });
    case "unavailable":
      return new StorageUnavailableError(message, { cause });
    case "config":
      return new StorageConfigError(message, { cause });
  }
}

/** `NoSuchKey (HTTP 404): The specified key does not exist.` */
export function describeFailure(failure: ProviderFailure): string {
  const code = failure.code === undefined || failure.code === "" ? "" : `${failure.code} `;
  const status = failure.status === undefined ? "" : `(HTTP ${failure.status})`;
  const head = `${code}${status}`.trim();
  return head === "" ? failure.message : `${head}: ${failure.message}`;
}

/**
 * The failure of a request that got no HTTP answer (refused, reset, timed out), or undefined
 * when `error` is not a transport failure.
 */
export function transportFailure(error: unknown, endpoint: string): ProviderFailure | undefined {
  const network = describeNetworkFailure(error);
  if (network === undefined) return undefined;
  return { message: `no answer from ${endpoint} (${network})` };
}

/** Passes storage errors (already translated) through unchanged. */
export function isTranslated(error: unknown): error is VeleroError {
  return error instanceof VeleroError;
}

/** How one provider reads its SDK's errors. */
export interface ProviderErrorReader {
  /** Status, code and message of an error the service answered (status undefined otherwise). */
  readonly read: (error: unknown) => ProviderFailure;
  readonly codes: ProviderCodeTable;
}

/** Turns any failure of one provider's request into a storage error class. */
export type ProviderErrorTranslator = (
  error: unknown,
  context: FailureContext,
  endpoint: string,
) => VeleroError;

/**
 * The translator every provider uses: storage errors pass through, a failure without an HTTP
 * status is described as a transport failure when it is one, and the rest is classified with the
 * provider's code table.
 */
export function providerErrorTranslator(reader: ProviderErrorReader): ProviderErrorTranslator {
  return (error, context, endpoint) => {
    if (isTranslated(error)) return error;
    const answered = reader.read(error);
    const failure =
      answered.status === undefined ? (transportFailure(error, endpoint) ?? answered) : answered;
    return storageError(classifyFailure(failure, reader.codes), context, failure);
  };
}
