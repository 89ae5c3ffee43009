// OpenAPI documents as kubectl reads them: the /openapi/v3 index of group-versions, and per
// group-version documents whose operations carry `x-kubernetes-group-version-kind` and declare
// the `fieldValidation`, `dryRun` and `fieldManager` query parameters, so kubectl leaves
// validation to the server. Schemas are not published (kubectl then computes strategic merge
// patches from its compiled-in types).
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ResourceRegistry } from "../registry/resource-registry.js";
import type { ResourceType } from "../registry/resource-type.js";
import { KUBERNETES_VERSION } from "../bootstrap.js";

function queryParameter(name: string, description: string): Record<string, unknown> {
  return { name, in: "query", description, schema: { type: "string", uniqueItems: true } };
}

const WRITE_PARAMETERS = [
  queryParameter("dryRun", "When present, indicates that modifications should not be persisted."),
  queryParameter(
    "fieldManager",
    "fieldManager is a name associated with the actor or entity that is making these changes.",
  ),
  queryParameter(
    "fieldValidation",
    "fieldValidation instructs the server on how to handle objects in the request containing unknown or duplicate fields.",
  ),
];

function operation(type: ResourceType, action: string, write: boolean): Record<string, unknown> {
  return {
    description: `${action} ${type.kind}`,
    operationId: `${action}${type.kind}`,
    parameters: write ? WRITE_PARAMETERS : [],
    responses: { "200": { description: "OK" } },
    "x-kubernetes-action": action,
    "x-kubernetes-group-version-kind": {
      group: type.group,
      version: type.version,
      kind: type.kind,
    },
  };
}

function basePath(type: ResourceType, namespaced: boolean): string {
  const prefix = type.group === "" ? `/api/${type.version}` : `/apis/${type.group}/${type.version}`;
  return namespaced
    ? `${prefix}/namespaces/{namespace}/${type.resource}`
    : `${prefix}/${type.resource}`;
}

function paths(type: ResourceType): Record<string, unknown> {
  const collection = basePath(type, type.namespaced);
  const out: Record<string, unknown> = {
    [collection]: { get: operation(type, "list", false), post: operation(type, "post", true) },
    [`${collection}/{name}`]: {
      get: operation(type, "get", false),
      put: operation(type, "put", true),
      patch: operation(type, "patch", true),
      delete: operation(type, "delete", false),
    },
  };
  for (const sub of type.subresources.filter((s) => s === "status" || s === "scale")) {
    out[`${collection}/{name}/${sub}`] = {
      get: operation(type, "get", false),
      put: operation(type, "put", true),
      patch: operation(type, "patch", true),
    };
  }
  if (type.namespaced) out[basePath(type, false)] = { get: operation(type, "list", false) };
  return out;
}

function docPath(group: string, version: string): string {
  return group === "" ? `api/${version}` : `apis/${group}/${version}`;
}

/** OpenAPI v3 documents of one registry, cached until it changes. */
export class OpenApi {
  private readonly registry: ResourceRegistry;
  private generation = -1;
  private docs = new Map<string, string>();
  private hashes = new Map<string, string>();

  constructor(registry: ResourceRegistry) {
    this.registry = registry;
  }

  private refresh(): void {
    if (this.generation === this.registry.generation) return;
    this.generation = this.registry.generation;
    const byDoc = new Map<string, ResourceType[]>();
    for (const type of this.registry.all()) {
      const key = docPath(type.group, type.version);
      byDoc.set(key, [...(byDoc.get(key) ?? []), type]);
    }
    this.docs = new Map();
    this.hashes = new Map();
    for (const [key, types] of byDoc) {
      const doc = {
        openapi: "3.0.0",
        info: { title: "Kubernetes", version: KUBERNETES_VERSION },
        paths: Object.assign({}, ...types.map(paths)) as Record<string, unknown>,
        components: { schemas: {} },
      };
      const text = JSON.stringify(doc);
      this.docs.set(key, text);
      this.hashes.set(
        key,
        createHash("sha512").update(text).digest("hex").slice(0, 128).toUpperCase(),
      );
    }
  }

  /** The `/openapi/v3` index. */
  index(): unknown {
    this.refresh();
    const entries = [...this.hashes.entries()].sort(([a], [b]) => a.localeCompare(b));
    return {
      paths: Object.fromEntries(
        entries.map(([key, hash]) => [
          key,
          { serverRelativeURL: `/openapi/v3/${key}?hash=${hash}` },
        ]),
      ),
    };
  }

  /** The document at `/openapi/v3/<key>`, or undefined. */
  document(key: string): string | undefined {
    this.refresh();
    return this.docs.get(key);
  }
}

function protobufString(field: number, text: string): Buffer {
  const bytes = Buffer.from(text);
  return Buffer.concat([Buffer.from([(field << 3) | 2, bytes.length]), bytes]);
}

/**
 * `/openapi/v2`: a valid document without definitions (kubectl asks for it as gnostic
 * protobuf). With it kubectl's client-side validation skips kinds it has no schema for (such as
 * a CRD's kind applied in the same file as the CRD), and apply falls back to compiled-in patch
 * metadata.
 */
export function serveOpenApiV2(req: IncomingMessage, res: ServerResponse): void {
  if ((req.headers.accept ?? "").includes("protobuf")) {
    const info = Buffer.concat([
      protobufString(1, "Kubernetes"),
      protobufString(2, KUBERNETES_VERSION),
    ]);
    const body = Buffer.concat([
      protobufString(1, "2.0"),
      Buffer.from([(2 << 3) | 2, info.length]),
      info,
    ]);
    res.writeHead(200, {
      "Content-Type": "application/octet-stream",
      "Content-Length": String(body.length),
    });
    res.end(body);
    return;
  }
  const body = JSON.stringify({
    swagger: "2.0",
    info: { title: "Kubernetes", version: KUBERNETES_VERSION },
    paths: {},
    definitions: {},
  });
  res.writeHead(200, {
    "Content-Type": "application/json",
    "Content-Length": String(Buffer.byteLength(body)),
  });
  res.end(body);
}
