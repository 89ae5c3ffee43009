// Constructors for the API's error answers, worded as the real kube-apiserver words them.
import { ApiError } from "../cluster-api.js";
import { qualifiedResource } from "../registry/resource-type.js";
import type { ResourceType } from "../registry/resource-type.js";
import type { FieldCause } from "./api-context.js";

type TypeNames = Pick<ResourceType, "group" | "resource" | "kind">;

function details(type: TypeNames, name: string): Record<string, unknown> {
  return type.group === ""
    ? { name, kind: type.resource }
    : { name, group: type.group, kind: type.resource };
}

/** 404: `configmaps "x" not found`, `deployments.apps "x" not found`. */
export function notFound(type: TypeNames, name: string): ApiError {
  return new ApiError(
    404,
    "NotFound",
    `${qualifiedResource(type)} "${name}" not found`,
    details(type, name),
  );
}

/** 409 AlreadyExists. */
export function alreadyExists(type: TypeNames, name: string): ApiError {
  return new ApiError(
    409,
    "AlreadyExists",
    `${qualifiedResource(type)} "${name}" already exists`,
    details(type, name),
  );
}

/** 409 Conflict for a stale resourceVersion (or another precondition). */
export function conflict(type: TypeNames, name: string, why?: string): ApiError {
  const reason =
    why ??
    "the object has been modified; please apply your changes to the latest version and try again";
  return new ApiError(
    409,
    "Conflict",
    `Operation cannot be fulfilled on ${qualifiedResource(type)} "${name}": ${reason}`,
    details(type, name),
  );
}

/** 422 Invalid with one cause per field error. */
export function invalid(type: TypeNames, name: string, causes: readonly FieldCause[]): ApiError {
  const kind = type.group === "" ? type.kind : `${type.kind}.${type.group}`;
  const texts = causes.map((c) => `${c.field}: ${c.message}`);
  const list = texts.length === 1 ? (texts[0] ?? "") : `[${texts.join(", ")}]`;
  const base =
    type.group === "" ? { name, kind: type.kind } : { name, group: type.group, kind: type.kind };
  return new ApiError(422, "Invalid", `${kind} "${name}" is invalid: ${list}`, {
    ...base,
    causes: causes.map((c) => ({ reason: c.reason, message: c.message, field: c.field })),
  });
}

/** 400 BadRequest. */
export function badRequest(message: string): ApiError {
  return new ApiError(400, "BadRequest", message);
}

/** 403 Forbidden for `name` of `type`, with the reason after the colon. */
export function forbidden(type: TypeNames, name: string, why: string): ApiError {
  return new ApiError(
    403,
    "Forbidden",
    `${qualifiedResource(type)} "${name}" is forbidden: ${why}`,
    details(type, name),
  );
}

/** 405 MethodNotAllowed. */
export function methodNotAllowed(
  message = "the server does not allow this method on the requested resource",
): ApiError {
  return new ApiError(405, "MethodNotAllowed", message);
}

/** 410 Gone with reason Expired. */
export function expired(message: string): ApiError {
  return new ApiError(410, "Expired", message);
}

/** 415 UnsupportedMediaType. */
export function unsupportedMediaType(message: string): ApiError {
  return new ApiError(415, "UnsupportedMediaType", message);
}

/** A cause for a missing required field. */
export function required(field: string, detail?: string): FieldCause {
  return {
    field,
    reason: "FieldValueRequired",
    message: detail === undefined ? "Required value" : `Required value: ${detail}`,
  };
}

/** A cause for a field whose value is wrong; `value` is rendered as Go renders it (quoted strings). */
export function invalidValue(field: string, value: unknown, detail: string): FieldCause {
  return {
    field,
    reason: "FieldValueInvalid",
    message: `Invalid value: ${renderValue(value)}: ${detail}`,
  };
}

/** A cause for a value outside a fixed set. */
export function notSupported(
  field: string,
  value: unknown,
  allowed: readonly string[],
): FieldCause {
  const list = allowed.map((a) => `"${a}"`).join(", ");
  return {
    field,
    reason: "FieldValueNotSupported",
    message: `Unsupported value: ${renderValue(value)}: supported values: ${list}`,
  };
}

/** A cause for a field that may not be set or changed. */
export function forbiddenField(field: string, detail: string): FieldCause {
  return { field, reason: "FieldValueForbidden", message: `Forbidden: ${detail}` };
}

/** Go's `%v`-like rendering of a value in validation messages. */
export function renderValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value === undefined || value === null) return "null";
  return JSON.stringify(value);
}
