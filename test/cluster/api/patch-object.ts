// The patch verb: JSON patch, JSON merge patch and strategic merge patch applied to the live
// object and then run through the update pipeline; server-side apply lives in apply-object.ts.
import type { KubeObject } from "../cluster-api.js";
import { applyJsonPatch } from "../patch/json-patch.js";
import { applyMergePatch } from "../patch/json-merge-patch.js";
import { PatchError } from "../patch/patch-error.js";
import { schemaRoot } from "../patch/schema-node.js";
import { applyStrategicMergePatch } from "../patch/strategic-merge-patch.js";
import type { ResourceType } from "../registry/resource-type.js";
import type { ApiContext, WriteOptions } from "./api-context.js";
import { badRequest, notFound, unsupportedMediaType } from "./api-errors.js";
import { ApiError } from "../cluster-api.js";
import { applyObject } from "./apply-object.js";
import { decodeBody } from "./decode-body.js";
import { updateObject } from "./update-object.js";
import { toServedVersion } from "./versioning.js";

/** The patch formats the API accepts. */
export type PatchType = "json" | "merge" | "strategic" | "apply";

/** A patch request; `patch` is the parsed body (JSON, or YAML for apply). */
export interface PatchRequest {
  readonly namespace: string | undefined;
  readonly name: string;
  readonly patchType: PatchType;
  readonly patch: unknown;
  readonly options: WriteOptions & { readonly force?: boolean };
}

const CUSTOM_ACCEPTS =
  "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml";

function applyPatchBody(type: ResourceType, live: KubeObject, request: PatchRequest): unknown {
  try {
    switch (request.patchType) {
      case "json":
        return applyJsonPatch(live, request.patch);
      case "merge":
        return applyMergePatch(live, request.patch);
      case "strategic":
        return applyStrategicMergePatch(live, request.patch, schemaRoot(type));
      case "apply":
        return live;
    }
  } catch (error) {
    if (!(error instanceof PatchError)) throw error;
    if (error.malformed) throw badRequest(error.message);
    throw new ApiError(422, "Invalid", error.message);
  }
}

/** Patches `namespace`/`name` of `type`; returns the stored result. */
export function patchObject(
  ctx: ApiContext,
  type: ResourceType,
  request: PatchRequest,
): KubeObject {
  if (request.patchType === "strategic" && type.custom) throw unsupportedMediaType(CUSTOM_ACCEPTS);
  if (request.patchType === "apply") return applyObject(ctx, type, request);
  const live = ctx.store.get(type.storageKey, request.namespace ?? "", request.name);
  if (live === undefined) throw notFound(type, request.name);
  const patched = applyPatchBody(type, toServedVersion(type, live), request);
  if (typeof patched !== "object" || patched === null || Array.isArray(patched)) {
    throw badRequest("the patch did not produce an object");
  }
  const decoded = decodeBody(type, patched, request.options);
  return updateObject(ctx, type, {
    namespace: request.namespace,
    name: request.name,
    body: decoded,
    decoded: true,
    options: request.options,
  });
}
