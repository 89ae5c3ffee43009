// Turns a request body into the object to store: checks apiVersion and kind, drops unknown
// fields (built-ins by their client-node model, custom resources by their schema), applies
// CRD defaults, and reports unknown fields per `fieldValidation` as the real server does.
import type { KubeObject } from "../cluster-api.js";
import { groupVersion } from "../registry/resource-type.js";
import type { ResourceType } from "../registry/resource-type.js";
import { decodeBuiltin } from "../validation/builtin-schema.js";
import type { DecodeFindings } from "../validation/builtin-schema.js";
import { pruneAndDefault } from "../validation/structural-schema.js";
import type { WriteOptions } from "./api-context.js";
import { badRequest } from "./api-errors.js";

function cannotHandle(type: ResourceType, why: string): Error {
  return badRequest(
    `${type.kind} in version "${type.version}" cannot be handled as a ${type.kind}: ${why}`,
  );
}

function checkTypeMeta(type: ResourceType, body: Record<string, unknown>): void {
  const expected = groupVersion(type);
  if (body["apiVersion"] === undefined || body["apiVersion"] === "") body["apiVersion"] = expected;
  if (body["kind"] === undefined || body["kind"] === "") body["kind"] = type.kind;
  const { apiVersion, kind } = body;
  if (apiVersion !== expected) {
    throw badRequest(
      `the API version in the data (${String(apiVersion)}) does not match the expected API version (${expected})`,
    );
  }
  if (kind !== type.kind) {
    throw badRequest(
      `the kind in the data (${String(kind)}) does not match the expected kind (${type.kind})`,
    );
  }
}

function decodeCustom(
  type: ResourceType,
  body: Record<string, unknown>,
  findings: DecodeFindings,
): Record<string, unknown> {
  const { apiVersion, kind, metadata, ...rest } = body;
  const out: Record<string, unknown> = { apiVersion, kind };
  if (metadata !== undefined && metadata !== null) {
    const metaFindings: DecodeFindings = { unknownFields: [], typeErrors: findings.typeErrors };
    out["metadata"] = decodeBuiltin(
      "V1ObjectMeta",
      metadata as Record<string, unknown>,
      metaFindings,
    );
    findings.unknownFields.push(...metaFindings.unknownFields.map((f) => `metadata.${f}`));
  }
  const schema = type.schema;
  if (schema === undefined) return { ...out, ...rest };
  const pruned = pruneAndDefault(
    { ...schema, properties: { ...schema.properties, apiVersion: {}, kind: {}, metadata: {} } },
    structuredClone(rest),
    "",
    findings.unknownFields,
  ) as Record<string, unknown>;
  return { ...out, ...pruned };
}

/**
 * Decodes `body` for a write to `type`. Throws 400 BadRequest for a wrong apiVersion/kind, type
 * mismatches, and (with `fieldValidation=Strict`) unknown fields; adds warnings with `Warn`.
 */
export function decodeBody(type: ResourceType, body: unknown, options: WriteOptions): KubeObject {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw badRequest(
      "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf",
    );
  }
  const raw = body as Record<string, unknown>;
  checkTypeMeta(type, raw);
  const findings: DecodeFindings = { unknownFields: [], typeErrors: [] };
  const decoded = type.custom
    ? decodeCustom(type, raw, findings)
    : decodeBuiltin(type.model ?? "", raw, findings);
  if (findings.typeErrors.length > 0) throw cannotHandle(type, findings.typeErrors[0] ?? "");
  reportUnknown(type, findings.unknownFields, options);
  const object = decoded as unknown as KubeObject;
  object.metadata = (decoded["metadata"] ?? {}) as KubeObject["metadata"];
  return object;
}

function reportUnknown(
  type: ResourceType,
  unknown: readonly string[],
  options: WriteOptions,
): void {
  if (unknown.length === 0) return;
  const texts = unknown.map((field) => `unknown field "${field}"`);
  const mode = options.fieldValidation ?? "Warn";
  if (mode === "Strict") throw cannotHandle(type, `strict decoding error: ${texts.join(", ")}`);
  if (mode === "Warn") options.warnings?.push(...texts);
}
