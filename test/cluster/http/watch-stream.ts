// Watch responses: replay of kept history newer than the requested resourceVersion (or the
// current state as ADDED events), then live events, filtered by namespace and selectors with
// ADDED/DELETED synthesized when an object enters or leaves the selection; bookmarks, timeouts,
// 410 Expired as an ERROR event, and test hooks that end every open watch.
import type { ServerResponse } from "node:http";
import type { KubeObject, WatchEventType } from "../cluster-api.js";
import type { ApiContext } from "../api/api-context.js";
import { toServedVersion } from "../api/versioning.js";
import type { ResourceType } from "../registry/resource-type.js";
import { matchesLabels, parseLabelSelector } from "../selectors/label-selector.js";
import type { LabelSelector } from "../selectors/label-selector.js";
import { matchesFields, parseFieldSelector } from "../selectors/field-selector.js";
import type { FieldRequirement } from "../selectors/field-selector.js";
import { HistoryExpiredError } from "../store/watch-history.js";
import type { StoredEvent } from "../store/watch-history.js";
import { statusObject } from "./responses.js";

/** What a watch request asked for. */
export interface WatchRequest {
  readonly namespace: string | undefined;
  readonly labelSelector: string | undefined;
  readonly fieldSelector: string | undefined;
  readonly resourceVersion: string | undefined;
  readonly timeoutSeconds: number | undefined;
  readonly allowBookmarks: boolean;
  readonly sendInitialEvents: boolean;
}

/** Turns an event's object into what goes on the wire (plain object or Table row). */
export type WatchEncoder = (object: KubeObject, type: string) => unknown;

/** The open watches of one server, so tests can end them all. */
export class WatchRegistry {
  private readonly open = new Set<() => void>();
  private expired = 0;

  /** How many watches were answered with 410 Gone (a test hook). */
  get expiredCount(): number {
    return this.expired;
  }

  /** Counts one watch answered with 410 Gone. */
  countExpired(): void {
    this.expired += 1;
  }

  add(end: () => void): () => void {
    this.open.add(end);
    return () => this.open.delete(end);
  }

  /** Ends every open watch cleanly (clients see the stream close and re-watch). */
  endAll(): void {
    for (const end of [...this.open]) end();
  }

  get size(): number {
    return this.open.size;
  }
}

const DEFAULT_TIMEOUT_S = 1800;
const BOOKMARK_INTERVAL_MS = 15_000;
const MAX_BUFFERED = 16 * 1024 * 1024;

interface Filter {
  readonly namespace: string | undefined;
  readonly labels: LabelSelector;
  readonly fields: readonly FieldRequirement[];
}

function matches(filter: Filter, object: KubeObject | undefined): boolean {
  if (object === undefined) return false;
  if (filter.namespace !== undefined && (object.metadata.namespace ?? "") !== filter.namespace)
    return false;
  return (
    matchesLabels(filter.labels, object.metadata.labels) && matchesFields(filter.fields, object)
  );
}

/** The event type a watcher with `filter` sees for `event` (undefined: nothing). */
function visibleType(filter: Filter, event: StoredEvent): WatchEventType | undefined {
  const now = event.type !== "DELETED" && matches(filter, event.object);
  const before = event.previous !== undefined && matches(filter, event.previous);
  if (event.type === "DELETED")
    return before || matches(filter, event.object) ? "DELETED" : undefined;
  if (now && before) return "MODIFIED";
  if (now) return "ADDED";
  return before ? "DELETED" : undefined;
}

/** Serves one watch request on `res` until timeout, client disconnect or server stop. */
export class WatchStream {
  private readonly ctx: ApiContext;
  private readonly type: ResourceType;
  private readonly res: ServerResponse;
  private readonly encode: WatchEncoder;
  private lastSent = 0;
  private registry: WatchRegistry | undefined;
  private closed = false;
  private readonly cleanups: (() => void)[] = [];

  constructor(ctx: ApiContext, type: ResourceType, res: ServerResponse, encode: WatchEncoder) {
    this.ctx = ctx;
    this.type = type;
    this.res = res;
    this.encode = encode;
  }

  /** Validates the request (throws 400 before anything is written), then streams. */
  start(request: WatchRequest, registry: WatchRegistry): void {
    const filter: Filter = {
      namespace: this.type.namespaced ? request.namespace : undefined,
      labels: parseLabelSelector(request.labelSelector),
      fields: parseFieldSelector(
        request.fieldSelector,
        this.type.storageKey,
        this.type.selectableFields,
      ),
    };
    this.res.writeHead(200, {
      "Content-Type": "application/json",
      "Cache-Control": "no-cache, private",
      "Transfer-Encoding": "chunked",
    });
    this.res.flushHeaders();
    this.registry = registry;
    this.cleanups.push(
      registry.add(() => {
        this.close();
      }),
    );
    this.res.on("close", () => {
      this.close();
    });
    this.armTimers(request);
    this.replay(filter, request);
    if (this.closed) return;
    this.cleanups.push(
      this.ctx.store.history.subscribe(this.type.storageKey, (event) => {
        this.live(filter, event);
      }),
    );
  }

  private armTimers(request: WatchRequest): void {
    const timeout = setTimeout(
      () => {
        this.close();
      },
      (request.timeoutSeconds ?? DEFAULT_TIMEOUT_S) * 1000,
    );
    this.cleanups.push(() => {
      clearTimeout(timeout);
    });
    if (!request.allowBookmarks) return;
    const interval = setInterval(() => {
      this.bookmark();
    }, BOOKMARK_INTERVAL_MS);
    this.cleanups.push(() => {
      clearInterval(interval);
    });
  }

  private initialEvents(filter: Filter, endBookmark: boolean): void {
    this.lastSent = this.ctx.store.currentRevision;
    const all = this.ctx.store.list(this.type.storageKey, filter.namespace);
    for (const object of all) if (matches(filter, object)) this.send("ADDED", object);
    if (endBookmark) this.bookmark(true);
  }

  private replay(filter: Filter, request: WatchRequest): void {
    const rv = request.resourceVersion ?? "";
    if (rv === "" || rv === "0" || request.sendInitialEvents) {
      this.initialEvents(filter, request.sendInitialEvents);
      return;
    }
    const from = Number(rv);
    if (!Number.isInteger(from) || from < 0) {
      this.error(400, "BadRequest", `invalid resource version "${rv}"`);
      return;
    }
    this.replayFrom(filter, from);
  }

  private replayFrom(filter: Filter, from: number): void {
    this.lastSent = from;
    try {
      for (const event of this.ctx.store.history.since(from, this.type.storageKey))
        this.live(filter, event);
    } catch (error) {
      if (!(error instanceof HistoryExpiredError)) throw error;
      this.registry?.countExpired();
      this.error(410, "Expired", error.message);
    }
  }

  private live(filter: Filter, event: StoredEvent): void {
    if (this.closed || event.revision <= this.lastSent) return;
    this.lastSent = event.revision;
    const type = visibleType(filter, event);
    if (type !== undefined) this.send(type, event.object);
  }

  private send(type: string, object: KubeObject): void {
    if (this.closed) return;
    const line = JSON.stringify({
      type,
      object: this.encode(toServedVersion(this.type, object), type),
    });
    this.res.write(line + "\n");
    if (this.res.writableLength > MAX_BUFFERED) this.close();
  }

  private bookmark(initialEnd = false): void {
    const metadata: Record<string, unknown> = {
      resourceVersion: String(Math.max(this.lastSent, this.ctx.store.currentRevision)),
    };
    if (initialEnd) metadata["annotations"] = { "k8s.io/initial-events-end": "true" };
    const apiVersion =
      this.type.group === "" ? this.type.version : `${this.type.group}/${this.type.version}`;
    if (this.closed) return;
    this.res.write(
      JSON.stringify({ type: "BOOKMARK", object: { kind: this.type.kind, apiVersion, metadata } }) +
        "\n",
    );
  }

  private error(code: number, reason: string, message: string): void {
    this.res.write(
      JSON.stringify({ type: "ERROR", object: statusObject(code, reason, message) }) + "\n",
    );
    this.close();
  }

  /** Ends the stream and releases its subscription and timers. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.res.end();
  }
}
