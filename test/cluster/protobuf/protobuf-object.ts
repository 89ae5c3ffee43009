// Kubernetes protobuf request bodies (`application/vnd.kubernetes.protobuf`): the `k8s\0` magic,
// the runtime.Unknown envelope, and the object inside decoded to JSON by its kind's field table.
import { badRequest, unsupportedMediaType } from "../api/api-errors.js";
import { decodeMessage } from "./message-decoder.js";
import { messageLayout } from "./message-table.js";
import { ProtobufError, readFields } from "./wire-reader.js";

/** The media type of Kubernetes protobuf bodies. */
export const PROTOBUF_CONTENT_TYPE = "application/vnd.kubernetes.protobuf";

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

const PACKAGES: Readonly<Record<string, string>> = {
  v1: "core.v1",
  "apps/v1": "apps.v1",
  "batch/v1": "batch.v1",
  "rbac.authorization.k8s.io/v1": "rbac.v1",
  "networking.k8s.io/v1": "networking.v1",
  "policy/v1": "policy.v1",
  "scheduling.k8s.io/v1": "scheduling.v1",
  "meta.k8s.io/v1": "meta.v1",
};

interface Envelope {
  readonly apiVersion: string;
  readonly kind: string;
  readonly raw: Buffer;
}

function typeMeta(data: Buffer): { apiVersion: string; kind: string } {
  const out = { apiVersion: "", kind: "" };
  for (const field of readFields(data)) {
    if (field.wire !== 2) continue;
    if (field.number === 1) out.apiVersion = field.value.toString("utf8");
    if (field.number === 2) out.kind = field.value.toString("utf8");
  }
  return out;
}

function envelope(body: Buffer): Envelope {
  if (body.length < 4 || !body.subarray(0, 4).equals(MAGIC))
    throw badRequest("protobuf body lacks the k8s\\0 prefix");
  let meta = { apiVersion: "", kind: "" };
  let raw: Buffer = Buffer.alloc(0);
  for (const field of readFields(body.subarray(4))) {
    if (field.wire !== 2) continue;
    if (field.number === 1) meta = typeMeta(field.value);
    if (field.number === 2) raw = field.value;
  }
  return { ...meta, raw };
}

/** The qualified message name of `kind` at `apiVersion`, or undefined when unsupported. */
export function messageName(apiVersion: string, kind: string): string | undefined {
  const pkg = Object.hasOwn(PACKAGES, apiVersion) ? PACKAGES[apiVersion] : undefined;
  const name = pkg === undefined ? undefined : `${pkg}.${kind}`;
  return name !== undefined && messageLayout(name) !== undefined ? name : undefined;
}

/**
 * Decodes a protobuf body to the JSON object it encodes (apiVersion and kind from the envelope).
 * Throws 415 for kinds without a field table and 400 for malformed data.
 */
export function decodeProtobufObject(body: Buffer): unknown {
  try {
    const { apiVersion, kind, raw } = envelope(body);
    const name = messageName(apiVersion, kind);
    if (name === undefined) {
      throw unsupportedMediaType(
        `the local API server cannot decode protobuf for ${kind} in ${apiVersion}; send application/json instead`,
      );
    }
    return { apiVersion, kind, ...decodeMessage(name, raw) };
  } catch (error) {
    if (error instanceof ProtobufError)
      throw badRequest(`unable to decode protobuf body: ${error.message}`);
    throw error;
  }
}
