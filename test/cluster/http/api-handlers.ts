// The verbs of resource requests over HTTP: get, list, watch, create, update, patch, delete and
// deletecollection, with query options, content negotiation (JSON, Table, metadata) and
// responses as the real API server gives them.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { KubeObject } from "../cluster-api.js";
import type { ApiContext, WriteOptions } from "../api/api-context.js";
import { badRequest, notFound } from "../api/api-errors.js";
import { createObject } from "../api/create-object.js";
import { deleteObject } from "../api/delete-object.js";
import type { DeleteRequestOptions } from "../api/delete-object.js";
import { listObjects } from "../api/list-objects.js";
import { patchObject } from "../api/patch-object.js";
import { updateObject } from "../api/update-object.js";
import { toServedVersion } from "../api/versioning.js";
import { groupVersion } from "../registry/resource-type.js";
import type { ResourceType } from "../registry/resource-type.js";
import type { RequestInfo } from "./request-info.js";
import { decodeObjectBody, decodePatchBody, readBody } from "./request-body.js";
import { sendJson, statusObject } from "./responses.js";
import { toTable } from "./table/table-convert.js";
import type { IncludeObject } from "./table/table-convert.js";
import { WatchStream } from "./watch-stream.js";
import type { WatchRegistry } from "./watch-stream.js";

/** One resource request being served. */
export interface ApiCall {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly query: URLSearchParams;
  readonly info: RequestInfo;
  readonly type: ResourceType;
  readonly ctx: ApiContext;
  readonly watches: WatchRegistry;
  readonly warnings: string[];
}

type Output = { kind: "json" } | { kind: "table"; include: IncludeObject } | { kind: "metadata" };

/** What representation the Accept header asks for (the first one this server can produce). */
export function negotiate(accept: string | undefined, query: URLSearchParams): Output {
  for (const part of (accept ?? "").split(",")) {
    if (part.includes("as=Table")) return { kind: "table", include: includeObject(query) };
    if (part.includes("as=PartialObjectMetadata")) return { kind: "metadata" };
    if (/application\/json|\*\/\*|^\s*$/.test(part)) return { kind: "json" };
  }
  return { kind: "json" };
}

function includeObject(query: URLSearchParams): IncludeObject {
  const include = query.get("includeObject");
  return include === "None" || include === "Object" ? include : "Metadata";
}

function partialMetadata(object: KubeObject): Record<string, unknown> {
  return { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: object.metadata };
}

function writeOptions(call: ApiCall): WriteOptions {
  const q = call.query;
  const validation = q.get("fieldValidation");
  const agent = call.req.headers["user-agent"] ?? "";
  return {
    dryRun: q.getAll("dryRun").includes("All"),
    fieldValidation:
      validation === "Strict" || validation === "Ignore" || validation === "Warn"
        ? validation
        : "Warn",
    fieldManager: q.get("fieldManager") ?? (agent.split("/")[0] || "unknown"),
    warnings: call.warnings,
    ...(call.info.subresource === undefined ? {} : { subresource: call.info.subresource }),
  };
}

function sendObject(call: ApiCall, code: number, object: KubeObject): void {
  const output = negotiate(call.req.headers.accept, call.query);
  if (output.kind === "table") {
    const table = toTable(call.type, [object], {
      include: output.include,
      listMeta: { resourceVersion: object.metadata.resourceVersion },
      now: call.ctx.clock.now(),
    });
    sendJson(call.res, code, table, call.warnings);
  } else
    sendJson(
      call.res,
      code,
      output.kind === "metadata" ? partialMetadata(object) : object,
      call.warnings,
    );
}

function requireName(call: ApiCall): string {
  const name = call.info.name;
  if (name === undefined || name === "") throw badRequest("resource name may not be empty");
  return name;
}

/** GET of one object. */
export function handleGet(call: ApiCall): void {
  const name = requireName(call);
  const stored = call.ctx.store.get(
    call.type.storageKey,
    call.type.namespaced ? (call.info.namespace ?? "") : "",
    name,
  );
  if (stored === undefined) throw notFound(call.type, name);
  sendObject(call, 200, toServedVersion(call.type, stored));
}

function listQuery(call: ApiCall): Parameters<typeof listObjects>[2] {
  const q = call.query;
  const limit = q.get("limit");
  return {
    namespace: call.info.namespace,
    labelSelector: q.get("labelSelector") ?? undefined,
    fieldSelector: q.get("fieldSelector") ?? undefined,
    limit: limit === null ? undefined : Number(limit),
    continue: q.get("continue") ?? undefined,
  };
}

/** GET of a collection. */
export function handleList(call: ApiCall): void {
  const result = listObjects(call.ctx, call.type, listQuery(call));
  const metadata: Record<string, unknown> = { resourceVersion: String(result.revision) };
  if (result.continue !== undefined) metadata["continue"] = result.continue;
  if (result.remainingItemCount !== undefined)
    metadata["remainingItemCount"] = result.remainingItemCount;
  const output = negotiate(call.req.headers.accept, call.query);
  if (output.kind === "table") {
    sendJson(
      call.res,
      200,
      toTable(call.type, result.items, {
        include: output.include,
        listMeta: metadata,
        now: call.ctx.clock.now(),
      }),
    );
    return;
  }
  const items = output.kind === "metadata" ? result.items.map(partialMetadata) : result.items;
  const kind = output.kind === "metadata" ? "PartialObjectMetadataList" : call.type.listKind;
  const apiVersion = output.kind === "metadata" ? "meta.k8s.io/v1" : groupVersion(call.type);
  sendJson(call.res, 200, { kind, apiVersion, metadata, items });
}

/** GET with watch=true. */
export function handleWatch(call: ApiCall): void {
  const q = call.query;
  const output = negotiate(call.req.headers.accept, q);
  const now = (): Date => call.ctx.clock.now();
  const encode =
    output.kind === "table"
      ? (object: KubeObject) =>
          toTable(call.type, [object], {
            include: output.include,
            listMeta: { resourceVersion: object.metadata.resourceVersion },
            now: now(),
          })
      : output.kind === "metadata"
        ? partialMetadata
        : (object: KubeObject) => object;
  const timeout = q.get("timeoutSeconds");
  new WatchStream(call.ctx, call.type, call.res, encode).start(
    {
      namespace: call.info.namespace,
      labelSelector: q.get("labelSelector") ?? undefined,
      fieldSelector: q.get("fieldSelector") ?? undefined,
      resourceVersion: q.get("resourceVersion") ?? undefined,
      timeoutSeconds: timeout === null ? undefined : Number(timeout),
      allowBookmarks: q.get("allowWatchBookmarks") === "true",
      sendInitialEvents: q.get("sendInitialEvents") === "true",
    },
    call.watches,
  );
}

/** POST of a new object. */
export async function handleCreate(call: ApiCall): Promise<void> {
  const body = decodeObjectBody(call.req.headers["content-type"], await readBody(call.req));
  const created = createObject(call.ctx, call.type, {
    namespace: call.info.namespace,
    body,
    options: writeOptions(call),
  });
  sendObject(call, 201, created);
}

/** PUT of an object or its status. */
export async function handleUpdate(call: ApiCall): Promise<void> {
  const body = decodeObjectBody(call.req.headers["content-type"], await readBody(call.req));
  const updated = updateObject(call.ctx, call.type, {
    namespace: call.info.namespace,
    name: requireName(call),
    body,
    options: writeOptions(call),
  });
  sendObject(call, 200, updated);
}

/** PATCH of an object or its status. */
export async function handlePatch(call: ApiCall): Promise<void> {
  const { patchType, patch } = decodePatchBody(
    call.req.headers["content-type"],
    await readBody(call.req),
  );
  const name = requireName(call);
  const existed =
    call.ctx.store.get(call.type.storageKey, call.info.namespace ?? "", name) !== undefined;
  const options = { ...writeOptions(call), force: call.query.get("force") === "true" };
  const patched = patchObject(call.ctx, call.type, {
    namespace: call.info.namespace,
    name,
    patchType,
    patch,
    options,
  });
  sendObject(call, existed ? 200 : 201, patched);
}

async function deleteOptions(call: ApiCall): Promise<DeleteRequestOptions> {
  const raw = await readBody(call.req);
  const body = (
    raw.length > 0 ? decodeObjectBody(call.req.headers["content-type"], raw) : {}
  ) as DeleteRequestOptions & { dryRun?: unknown };
  const q = call.query;
  const grace =
    q.get("gracePeriodSeconds") ??
    (body.gracePeriodSeconds === undefined ? null : String(body.gracePeriodSeconds));
  const policy = q.get("propagationPolicy") ?? body.propagationPolicy;
  const orphan = q.get("orphanDependents");
  return {
    propagationPolicy:
      orphan === "true" ? "Orphan" : (policy as DeleteRequestOptions["propagationPolicy"]),
    gracePeriodSeconds: grace === null ? undefined : Number(grace),
    dryRun:
      q.getAll("dryRun").includes("All") ||
      (Array.isArray(body.dryRun) && body.dryRun.includes("All")),
    preconditions: body.preconditions,
  };
}

/** DELETE of one object. */
export async function handleDelete(call: ApiCall): Promise<void> {
  const name = requireName(call);
  const result = deleteObject(call.ctx, call.type, {
    namespace: call.info.namespace,
    name,
    options: await deleteOptions(call),
  });
  if (!result.removed) {
    sendObject(call, 200, result.object);
    return;
  }
  const details = {
    name,
    ...(call.type.group === "" ? {} : { group: call.type.group }),
    kind: call.type.resource,
    uid: result.object.metadata.uid,
  };
  sendJson(call.res, 200, statusObject(200, "", "", details));
}

/** DELETE of a collection. */
export async function handleDeleteCollection(call: ApiCall): Promise<void> {
  const options = await deleteOptions(call);
  const { items } = listObjects(call.ctx, call.type, {
    ...listQuery(call),
    limit: undefined,
    continue: undefined,
  });
  const deleted = items.map(
    (item) =>
      deleteObject(call.ctx, call.type, {
        namespace: item.metadata.namespace,
        name: item.metadata.name ?? "",
        options,
      }).object,
  );
  sendJson(call.res, 200, {
    kind: call.type.listKind,
    apiVersion: groupVersion(call.type),
    metadata: { resourceVersion: String(call.ctx.store.currentRevision) },
    items: deleted,
  });
}
