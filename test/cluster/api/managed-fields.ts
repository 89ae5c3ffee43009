// metadata.managedFields bookkeeping: which manager last set which fields, per operation
// (Update or Apply) and subresource, as server-side apply and `kubectl get --show-managed-fields`
// see it.
import { isDeepStrictEqual } from "node:util";
import type { KubeObject } from "../cluster-api.js";
import type { ResourceType } from "../registry/resource-type.js";
import { schemaRoot } from "../patch/schema-node.js";
import { timestamp } from "./api-context.js";
import type { ApiContext } from "./api-context.js";
import { changedFields, fieldsOf, subtractFields, unionFields } from "./field-set.js";
import type { FieldTrie } from "./field-set.js";

/** One `metadata.managedFields` entry. */
export interface ManagedFieldsEntry {
  manager: string;
  operation: "Apply" | "Update";
  apiVersion: string;
  time: string;
  fieldsType: "FieldsV1";
  fieldsV1: FieldTrie;
  subresource?: string;
}

/** Describes one Update write for ownership purposes. */
export interface FieldsChange {
  readonly manager?: string | undefined;
  readonly subresource?: string | undefined;
  readonly old?: KubeObject | undefined;
}

const SYSTEM_META = new Set([
  "name",
  "namespace",
  "uid",
  "resourceVersion",
  "generation",
  "creationTimestamp",
  "deletionTimestamp",
  "deletionGracePeriodSeconds",
  "managedFields",
  "selfLink",
  "generateName",
]);

/** The part of an object whose fields a write of `subresource` can own. */
export function ownableFields(
  object: KubeObject,
  subresource: string | undefined,
): Record<string, unknown> {
  if (subresource === "status") return { status: object["status"] };
  const { apiVersion: _a, kind: _k, metadata, status: _s, ...rest } = object;
  const meta = Object.fromEntries(
    Object.entries(metadata).filter(([key]) => !SYSTEM_META.has(key)),
  );
  return Object.keys(meta).length === 0 ? rest : { metadata: meta, ...rest };
}

/** The stored entries of `object` (validated loosely: malformed entries are dropped). */
export function managedEntries(object: KubeObject): ManagedFieldsEntry[] {
  const raw = object.metadata["managedFields"];
  if (!Array.isArray(raw)) return [];
  return (raw as ManagedFieldsEntry[]).filter(
    (e) => typeof e.manager === "string" && typeof e.fieldsV1 === "object",
  );
}

function sameEntry(
  entry: ManagedFieldsEntry,
  manager: string,
  subresource: string | undefined,
): boolean {
  return (
    entry.manager === manager &&
    entry.operation === "Update" &&
    (entry.subresource ?? "") === (subresource ?? "")
  );
}

function isEmpty(trie: FieldTrie): boolean {
  return Object.keys(trie).length === 0;
}

function fieldChanges(
  type: ResourceType,
  object: KubeObject,
  change: FieldsChange,
): { owned: FieldTrie; removed: FieldTrie } {
  const node = schemaRoot(type);
  const now = ownableFields(object, change.subresource);
  if (change.old === undefined) return { owned: fieldsOf(now, node), removed: {} };
  const before = ownableFields(change.old, change.subresource);
  if (isDeepStrictEqual(before, now)) return { owned: {}, removed: {} };
  return {
    owned: changedFields(before, now, node) ?? {},
    removed: subtractFields(fieldsOf(before, node), fieldsOf(now, node)),
  };
}

function updateEntry(
  ctx: ApiContext,
  object: KubeObject,
  owner: { manager: string; subresource: string | undefined },
  fields: FieldTrie,
): ManagedFieldsEntry {
  const { manager, subresource } = owner;
  return {
    manager,
    operation: "Update",
    apiVersion: object.apiVersion,
    time: timestamp(ctx.clock),
    fieldsType: "FieldsV1",
    fieldsV1: fields,
    ...(subresource === undefined ? {} : { subresource }),
  };
}

/** Updates `object.metadata.managedFields` for an Update-operation write described by `change`. */
export function recordManagedFields(
  ctx: ApiContext,
  type: ResourceType,
  object: KubeObject,
  change: FieldsChange,
): void {
  const { owned, removed } = fieldChanges(type, object, change);
  if (isEmpty(owned) && isEmpty(removed)) return;
  const manager = change.manager ?? "unknown";
  let mine = owned;
  const entries: ManagedFieldsEntry[] = [];
  for (const entry of managedEntries(object)) {
    if (sameEntry(entry, manager, change.subresource)) {
      mine = unionFields(subtractFields(entry.fieldsV1, removed), owned);
      continue;
    }
    const rest = subtractFields(subtractFields(entry.fieldsV1, owned), removed);
    if (!isEmpty(rest)) entries.push({ ...entry, fieldsV1: rest });
  }
  if (!isEmpty(mine))
    entries.push(updateEntry(ctx, object, { manager, subresource: change.subresource }, mine));
  if (entries.length === 0) Reflect.deleteProperty(object.metadata, "managedFields");
  else object.metadata["managedFields"] = entries;
}
