// The list verb: namespace, label and field selection, and limit/continue paging over a
// consistent snapshot (the first page's result is kept for the pages that follow it).
import type { KubeObject } from "../cluster-api.js";
import type { ResourceType } from "../registry/resource-type.js";
import { matchesLabels, parseLabelSelector } from "../selectors/label-selector.js";
import { matchesFields, parseFieldSelector } from "../selectors/field-selector.js";
import type { ApiContext } from "./api-context.js";
import { badRequest, expired } from "./api-errors.js";
import { toServedVersion } from "./versioning.js";

/** Query of a list. */
export interface ListRequest {
  readonly namespace?: string | undefined;
  readonly labelSelector?: string | undefined;
  readonly fieldSelector?: string | undefined;
  readonly limit?: number | undefined;
  readonly continue?: string | undefined;
}

/** One page of a list, with the list's resourceVersion and paging metadata. */
export interface ListResult {
  readonly items: readonly KubeObject[];
  readonly revision: number;
  readonly continue?: string;
  readonly remainingItemCount?: number;
}

interface Snapshot {
  readonly items: readonly KubeObject[];
  readonly revision: number;
  readonly created: number;
}

interface ContinueToken {
  readonly v: string;
  readonly rv: number;
  readonly start: string;
  readonly id: string;
  readonly offset: number;
}

const SNAPSHOT_TTL_MS = 5 * 60_000;
const MAX_SNAPSHOTS = 32;

/** First-page results kept for the continue tokens that refer to them. */
export class ListSnapshots {
  private readonly snapshots = new Map<string, Snapshot>();
  private counter = 0;

  keep(snapshot: Snapshot): string {
    const now = Date.now();
    for (const [id, kept] of this.snapshots) {
      if (now - kept.created > SNAPSHOT_TTL_MS || this.snapshots.size >= MAX_SNAPSHOTS)
        this.snapshots.delete(id);
    }
    this.counter += 1;
    const id = String(this.counter);
    this.snapshots.set(id, snapshot);
    return id;
  }

  get(id: string): Snapshot | undefined {
    return this.snapshots.get(id);
  }

  forget(id: string): void {
    this.snapshots.delete(id);
  }
}

const TOO_OLD =
  "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.";

function decodeToken(token: string): ContinueToken {
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as ContinueToken;
    if (typeof parsed.rv === "number" && typeof parsed.offset === "number") return parsed;
  } catch {
    // reported below
  }
  throw badRequest(
    "continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)",
  );
}

function keyOf(object: KubeObject): string {
  return `${object.metadata.namespace ?? ""}/${object.metadata.name ?? ""}`;
}

function select(ctx: ApiContext, type: ResourceType, request: ListRequest): KubeObject[] {
  const labels = parseLabelSelector(request.labelSelector);
  const fields = parseFieldSelector(request.fieldSelector, type.storageKey, type.selectableFields);
  const all = ctx.store.list(type.storageKey, type.namespaced ? request.namespace : undefined);
  if (labels.requirements.length === 0 && fields.length === 0) return [...all];
  return all.filter((o) => matchesLabels(labels, o.metadata.labels) && matchesFields(fields, o));
}

interface Position {
  readonly snapshot: Snapshot;
  readonly offset: number;
  readonly id: string | undefined;
}

function position(ctx: ApiContext, type: ResourceType, request: ListRequest): Position {
  if (request.continue === undefined || request.continue === "") {
    const items = select(ctx, type, request);
    return {
      snapshot: { items, revision: ctx.store.currentRevision, created: Date.now() },
      offset: 0,
      id: undefined,
    };
  }
  const token = decodeToken(request.continue);
  const kept = ctx.snapshots.get(token.id);
  if (kept !== undefined) return { snapshot: kept, offset: token.offset, id: token.id };
  if (ctx.store.lastWrite(type.storageKey) > token.rv) throw expired(TOO_OLD);
  const items = select(ctx, type, request).filter((o) => keyOf(o) > token.start);
  return { snapshot: { items, revision: token.rv, created: Date.now() }, offset: 0, id: undefined };
}

function continueToken(
  snapshot: Snapshot,
  id: string,
  last: KubeObject | undefined,
  end: number,
): string {
  const next: ContinueToken = {
    v: "meta.k8s.io/v1",
    rv: snapshot.revision,
    start: last === undefined ? "" : keyOf(last),
    id,
    offset: end,
  };
  return Buffer.from(JSON.stringify(next)).toString("base64url");
}

/** Lists objects of `type` as the API's list verb does. */
export function listObjects(ctx: ApiContext, type: ResourceType, request: ListRequest): ListResult {
  const { snapshot, offset, id } = position(ctx, type, request);
  const limit = request.limit !== undefined && request.limit > 0 ? request.limit : Infinity;
  const end = Math.min(snapshot.items.length, offset + limit);
  const page = snapshot.items.slice(offset, end).map((o) => toServedVersion(type, o));
  if (end >= snapshot.items.length) {
    if (id !== undefined) ctx.snapshots.forget(id);
    return { items: page, revision: snapshot.revision };
  }
  const kept = id ?? ctx.snapshots.keep(snapshot);
  const selectorFree = (request.labelSelector ?? "") === "" && (request.fieldSelector ?? "") === "";
  return {
    items: page,
    revision: snapshot.revision,
    continue: continueToken(snapshot, kept, page[page.length - 1], end),
    ...(selectorFree ? { remainingItemCount: snapshot.items.length - end } : {}),
  };
}
