// Kubernetes API failures as named errors, translated from the API's Status answers once, here.
import { VeleroError, type VeleroErrorOptions } from "../errors.js";

/** Details of a failed API call, as the API's `Status` object gives them. */
export interface KubeStatusDetails {
  readonly statusCode: number;
  readonly reason: string;
  readonly method: string;
  readonly path: string;
}

/** Any failed call to the Kubernetes API. `message` is the server's own message. */
export class KubeApiError extends VeleroError {
  readonly statusCode: number;
  readonly reason: string;

  constructor(details: KubeStatusDetails, message: string, options: VeleroErrorOptions = {}) {
    super(`Kube${details.reason === "" ? String(details.statusCode) : details.reason}`, message, {
      retryable: details.statusCode === 429 || details.statusCode >= 500,
      ...options,
    });
    this.statusCode = details.statusCode;
    this.reason = details.reason;
  }
}

/** 404: the object (or its namespace, or the resource type) does not exist. */
export class NotFoundError extends KubeApiError {}
/** 409 AlreadyExists: a create found an object of that name. */
export class AlreadyExistsError extends KubeApiError {}
/** 409 Conflict: an update lost an optimistic-concurrency race; re-read and retry. */
export class ConflictError extends KubeApiError {}
/** 403: the caller may not do this (or the namespace is terminating). */
export class ForbiddenError extends KubeApiError {}
/** 401: no or bad credentials. */
export class UnauthorizedError extends KubeApiError {}
/** 422 Invalid or 400 BadRequest: the object was refused; the message names the field. */
export class InvalidObjectError extends KubeApiError {}
/** 410: a watch or list continue token is too old; list again. */
export class GoneError extends KubeApiError {}

/** The API server could not be reached at all (connection refused, TLS failure, timeout). */
export class KubeConnectionError extends VeleroError {
  constructor(message: string, options: VeleroErrorOptions = {}) {
    super("KubeConnection", message, { retryable: true, ...options });
  }
}

/** Builds the named error for an API answer with status `statusCode` and a parsed body. */
export function kubeErrorFromStatus(
  request: { readonly method: string; readonly path: string },
  statusCode: number,
  body: unknown,
): KubeApiError {
  const status = isRecord(body) ? body : {};
  const reason = typeof status["reason"] === "string" ? status["reason"] : "";
  const message =
    typeof status["message"] === "string" && status["message"] !== ""
      ? status["message"]
      : `${request.method} ${request.path}: HTTP ${statusCode}`;
  const details: KubeStatusDetails = { statusCode, reason, ...request };
  const ErrorClass = errorClassFor(statusCode, reason);
  return new ErrorClass(details, message);
}

function errorClassFor(statusCode: number, reason: string): typeof KubeApiError {
  if (statusCode === 404) return NotFoundError;
  if (statusCode === 409) return reason === "AlreadyExists" ? AlreadyExistsError : ConflictError;
  if (statusCode === 403) return ForbiddenError;
  if (statusCode === 401) return UnauthorizedError;
  if (statusCode === 422 || statusCode === 400) return InvalidObjectError;
  if (statusCode === 410) return GoneError;
  return KubeApiError;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** True when `error` is a 404 from the API. */
export function isNotFound(error: unknown): boolean {
  return error instanceof NotFoundError;
}

/** Awaits `get`, answering undefined when the object does not exist (404). */
export async function getOrUndefined<T>(get: () => Promise<T>): Promise<T | undefined> {
  try {
    return await get();
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}
