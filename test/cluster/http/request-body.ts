// Reading request bodies and decoding them by Content-Type: JSON, YAML, Kubernetes protobuf, and
// the four patch formats.
import type { IncomingMessage } from "node:http";
import { parse as parseYaml } from "yaml";
import type { PatchType } from "../api/patch-object.js";
import { badRequest, unsupportedMediaType } from "../api/api-errors.js";
import { decodeProtobufObject, PROTOBUF_CONTENT_TYPE } from "../protobuf/protobuf-object.js";

const MAX_BODY = 32 * 1024 * 1024;

/** Reads the whole body (rejects with 413-like 400 beyond 32 MiB). */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(badRequest("the request body is too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      resolve(Buffer.concat(chunks));
    });
    req.on("error", reject);
  });
}

function mediaType(contentType: string | undefined): string {
  return (contentType ?? "application/json").split(";")[0]?.trim().toLowerCase() ?? "";
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch (error) {
    throw badRequest(
      `the object provided is unrecognized: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function parseYamlBody(body: Buffer): unknown {
  try {
    return parseYaml(body.toString("utf8"));
  } catch (error) {
    throw badRequest(
      `error decoding YAML: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

const OBJECT_TYPES =
  "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf";

/** Decodes an object body (create, update). */
export function decodeObjectBody(contentType: string | undefined, body: Buffer): unknown {
  const type = mediaType(contentType);
  if (body.length === 0) throw badRequest("the body of the request was empty");
  switch (type) {
    case "application/json":
    case "*/*":
      return parseJson(body);
    case "application/yaml":
      return parseYamlBody(body);
    case PROTOBUF_CONTENT_TYPE:
      return decodeProtobufObject(body);
    default:
      throw unsupportedMediaType(OBJECT_TYPES);
  }
}

const PATCH_TYPES: Readonly<Record<string, PatchType>> = {
  "application/json-patch+json": "json",
  "application/merge-patch+json": "merge",
  "application/strategic-merge-patch+json": "strategic",
  "application/apply-patch+yaml": "apply",
};

/** Decodes a patch body; throws 415 for unknown patch media types. */
export function decodePatchBody(
  contentType: string | undefined,
  body: Buffer,
): { patchType: PatchType; patch: unknown } {
  const type = mediaType(contentType);
  const patchType = Object.hasOwn(PATCH_TYPES, type) ? PATCH_TYPES[type] : undefined;
  if (patchType === undefined) {
    throw unsupportedMediaType(
      "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json",
    );
  }
  return { patchType, patch: patchType === "apply" ? parseYamlBody(body) : parseJson(body) };
}
