// Server-side apply (`application/apply-patch+yaml`): the applied configuration is merged into
// the live object, fields the manager applied before but no longer does are removed unless
// another manager owns them, and changes to fields other managers own are conflicts unless forced.
import type { KubeObject } from "../cluster-api.js";
import { ApiError } from "../cluster-api.js";
import { schemaRoot } from "../patch/schema-node.js";
import { mergeApplied, removeFields } from "../patch/structured-merge.js";
import type { ResourceType } from "../registry/resource-type.js";
import { timestamp } from "./api-context.js";
import type { ApiContext, WriteOptions } from "./api-context.js";
import { badRequest } from "./api-errors.js";
import { admitCreate } from "./create-object.js";
import { decodeBody } from "./decode-body.js";
import {
  changedFields,
  fieldPaths,
  fieldsOf,
  intersectFields,
  subtractFields,
  unionFields,
} from "./field-set.js";
import type { FieldTrie } from "./field-set.js";
import { managedEntries, ownableFields } from "./managed-fields.js";
import type { ManagedFieldsEntry } from "./managed-fields.js";
import { admitUpdate, storeUpdate } from "./update-object.js";
import { toServedVersion, toStorageVersion } from "./versioning.js";

interface ApplyRequest {
  readonly namespace: string | undefined;
  readonly name: string;
  readonly patch: unknown;
  readonly options: WriteOptions & { readonly force?: boolean };
}

function conflictError(
  conflicts: readonly { manager: string; apiVersion: string; paths: string[] }[],
): ApiError {
  const count = conflicts.reduce((n, c) => n + c.paths.length, 0);
  const head = `Apply failed with ${count} conflict${count === 1 ? "" : "s"}: `;
  const body =
    count === 1
      ? `conflict with "${conflicts[0]?.manager ?? ""}" using ${conflicts[0]?.apiVersion ?? ""}: ${conflicts[0]?.paths[0] ?? ""}`
      : conflicts
          .map(
            (c) =>
              `conflicts with "${c.manager}" using ${c.apiVersion}:\n${c.paths.map((p) => `- ${p}`).join("\n")}`,
          )
          .join("\n");
  const causes = conflicts.flatMap((c) =>
    c.paths.map((field) => ({
      reason: "FieldManagerConflict",
      message: `conflict with "${c.manager}" using ${c.apiVersion}`,
      field,
    })),
  );
  return new ApiError(409, "Conflict", head + body, { causes });
}

function findConflicts(
  others: readonly ManagedFieldsEntry[],
  changed: FieldTrie,
): { manager: string; apiVersion: string; paths: string[] }[] {
  return others
    .map((entry) => ({
      manager: entry.manager,
      apiVersion: entry.apiVersion,
      paths: fieldPaths(intersectFields(entry.fieldsV1, changed)),
    }))
    .filter((c) => c.paths.length > 0);
}

interface Ownership {
  readonly mine: ManagedFieldsEntry | undefined;
  readonly others: ManagedFieldsEntry[];
}

function ownership(live: KubeObject, manager: string, subresource: string | undefined): Ownership {
  const entries = managedEntries(live);
  const mine = entries.find(
    (e) =>
      e.manager === manager &&
      e.operation === "Apply" &&
      (e.subresource ?? "") === (subresource ?? ""),
  );
  return { mine, others: entries.filter((e) => e !== mine) };
}

function appliedEntry(
  ctx: ApiContext,
  applied: KubeObject,
  fields: FieldTrie,
  options: ApplyRequest["options"],
): ManagedFieldsEntry {
  return {
    manager: options.fieldManager ?? "",
    operation: "Apply",
    apiVersion: applied.apiVersion,
    time: timestamp(ctx.clock),
    fieldsType: "FieldsV1",
    fieldsV1: fields,
    ...(options.subresource === undefined ? {} : { subresource: options.subresource }),
  };
}

function applyToLive(
  ctx: ApiContext,
  type: ResourceType,
  objects: { live: KubeObject; applied: KubeObject },
  request: ApplyRequest,
): KubeObject {
  const { live, applied } = objects;
  const node = schemaRoot(type);
  const subresource = request.options.subresource;
  const appliedFields = fieldsOf(ownableFields(applied, subresource), node);
  const { mine, others } = ownership(live, request.options.fieldManager ?? "", subresource);
  const merged = mergeApplied(toServedVersion(type, live), applied, node) as KubeObject;
  const othersOwn = others.reduce<FieldTrie>((acc, e) => unionFields(acc, e.fieldsV1), {});
  removeFields(
    merged,
    subtractFields(subtractFields(mine?.fieldsV1 ?? {}, appliedFields), othersOwn),
    node,
  );
  const changed =
    changedFields(ownableFields(live, subresource), ownableFields(merged, subresource), node) ?? {};
  const conflicts = findConflicts(others, changed);
  if (conflicts.length > 0 && request.options.force !== true) throw conflictError(conflicts);
  const kept = others
    .map((e) => ({ ...e, fieldsV1: subtractFields(e.fieldsV1, changed) }))
    .filter((e) => Object.keys(e.fieldsV1).length > 0);
  merged.metadata["managedFields"] = [
    ...kept,
    appliedEntry(ctx, applied, appliedFields, request.options),
  ];
  return merged;
}

/** Server-side apply of `request.patch` to `namespace`/`name` (creating it when missing). */
export function applyObject(
  ctx: ApiContext,
  type: ResourceType,
  request: ApplyRequest,
): KubeObject {
  const manager = request.options.fieldManager;
  if (manager === undefined || manager === "") {
    throw badRequest(
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    );
  }
  const applied = decodeBody(type, structuredClone(request.patch), request.options);
  if (applied.metadata.name !== undefined && applied.metadata.name !== request.name) {
    throw badRequest(
      `the name of the object (${applied.metadata.name}) does not match the name on the URL (${request.name})`,
    );
  }
  applied.metadata.name = request.name;
  const live = ctx.store.get(type.storageKey, request.namespace ?? "", request.name);
  if (live === undefined) return createApplied(ctx, type, applied, request);
  const merged = applyToLive(ctx, type, { live, applied }, request);
  delete merged.metadata.resourceVersion;
  const admitted = admitUpdate(ctx, type, {
    object: merged,
    old: live,
    options: request.options,
    recordFields: false,
  });
  return storeUpdate(ctx, type, { object: admitted, old: live, options: request.options });
}

function createApplied(
  ctx: ApiContext,
  type: ResourceType,
  applied: KubeObject,
  request: ApplyRequest,
): KubeObject {
  const node = schemaRoot(type);
  const fields = fieldsOf(ownableFields(applied, undefined), node);
  const object = admitCreate(ctx, type, {
    namespace: request.namespace,
    body: applied,
    options: { ...request.options, fieldValidation: "Ignore" },
  });
  object.metadata["managedFields"] = [
    {
      manager: request.options.fieldManager,
      operation: "Apply",
      apiVersion: object.apiVersion,
      time: object.metadata.creationTimestamp,
      fieldsType: "FieldsV1",
      fieldsV1: fields,
    },
  ];
  if (request.options.dryRun === true) return toServedVersion(type, object);
  const stored = ctx.store.write(type.storageKey, toStorageVersion(type, object), "ADDED");
  ctx.strategies.get(type.storageKey)?.afterCreate?.(stored, ctx);
  return toServedVersion(type, stored);
}
