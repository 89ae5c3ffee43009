// Typed-enough CRUD, paging and watch for one resource type over the raw REST client.
import { createInterface } from "node:readline";
import { kubeErrorFromStatus, type KubeApiError } from "./errors.js";
import type { KubeList, KubeObject, ObjectLike } from "./kube-object.js";
import type { KubeRestClient, Query } from "./rest-client.js";
import { resourcePath, type ResourceType } from "./resource-path.js";

/** List filters, as the API's query parameters. */
export interface ListOptions {
  readonly namespace?: string | undefined;
  readonly labelSelector?: string | undefined;
  readonly fieldSelector?: string | undefined;
  /** Page size; default 500 as client-go uses. */
  readonly limit?: number;
  readonly signal?: AbortSignal;
}

/** One page of a paged list. */
export interface ListPage<T extends ObjectLike> {
  readonly items: T[];
  readonly resourceVersion: string;
}

/** The patch flavours the API accepts. */
export type PatchType = "merge" | "json" | "strategic" | "apply";

const patchContentTypes: Record<PatchType, string> = {
  merge: "application/merge-patch+json",
  json: "application/json-patch+json",
  strategic: "application/strategic-merge-patch+json",
  apply: "application/apply-patch+yaml",
};

/** Options of writes. */
export interface WriteOptions {
  readonly namespace?: string | undefined;
  readonly dryRun?: boolean;
  readonly fieldManager?: string;
  readonly subresource?: string;
}

/** A watch event as the API streams it. */
export interface WatchEvent<T extends ObjectLike> {
  readonly type: "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK" | "ERROR";
  readonly object: T;
}

/** CRUD for one resource type. Every failure is a `KubeApiError` subclass from `errors.ts`. */
export class ResourceClient<T extends ObjectLike = KubeObject> {
  readonly type: ResourceType;
  private readonly rest: KubeRestClient;

  constructor(rest: KubeRestClient, type: ResourceType) {
    this.rest = rest;
    this.type = type;
  }

  get(name: string, namespace?: string): Promise<T> {
    return this.rest.request<T>({
      method: "GET",
      path: resourcePath(this.type, { namespace, name }),
    });
  }

  /** Yields the collection page by page (`limit`/`continue`), never holding more than a page. */
  async *listPages(options: ListOptions = {}): AsyncGenerator<ListPage<T>> {
    let continueToken: string | undefined;
    do {
      const page = await this.rest.request<KubeList<T>>({
        method: "GET",
        path: resourcePath(this.type, { namespace: options.namespace }),
        query: listQuery(options, continueToken),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
      continueToken = page.metadata?.continue;
      yield { items: page.items, resourceVersion: page.metadata?.resourceVersion ?? "" };
    } while (continueToken !== undefined && continueToken !== "");
  }

  /** The whole collection in memory; for bounded collections (our own custom resources). */
  async list(options: ListOptions = {}): Promise<ListPage<T>> {
    const items: T[] = [];
    let resourceVersion = "";
    for await (const page of this.listPages(options)) {
      items.push(...page.items);
      resourceVersion = page.resourceVersion;
    }
    return { items, resourceVersion };
  }

  create(object: T, options: WriteOptions = {}): Promise<T> {
    const namespace = options.namespace ?? object.metadata?.namespace;
    return this.rest.request<T>({
      method: "POST",
      path: resourcePath(this.type, { namespace }),
      query: writeQuery(options),
      body: object,
    });
  }

  /** Replaces the object; fails with `ConflictError` when its resourceVersion is stale. */
  replace(object: T, options: WriteOptions = {}): Promise<T> {
    const namespace = options.namespace ?? object.metadata?.namespace;
    const name = object.metadata?.name ?? "";
    return this.rest.request<T>({
      method: "PUT",
      path: resourcePath(this.type, { namespace, name, subresource: options.subresource }),
      query: writeQuery(options),
      body: object,
    });
  }

  patch(
    name: string,
    patch: unknown,
    options: WriteOptions & { readonly type?: PatchType; readonly force?: boolean } = {},
  ): Promise<T> {
    const type = options.type ?? "merge";
    return this.rest.request<T>({
      method: "PATCH",
      path: resourcePath(this.type, {
        namespace: options.namespace,
        name,
        subresource: options.subresource,
      }),
      query: { ...writeQuery(options), force: options.force },
      body: patch,
      contentType: patchContentTypes[type],
    });
  }

  async delete(
    name: string,
    options: {
      readonly namespace?: string | undefined;
      readonly propagationPolicy?: "Orphan" | "Background" | "Foreground";
      readonly dryRun?: boolean;
    } = {},
  ): Promise<void> {
    const body =
      options.propagationPolicy === undefined
        ? undefined
        : { apiVersion: "v1", kind: "DeleteOptions", propagationPolicy: options.propagationPolicy };
    await this.rest.request({
      method: "DELETE",
      path: resourcePath(this.type, { namespace: options.namespace, name }),
      query: options.dryRun === true ? { dryRun: "All" } : {},
      body,
    });
  }

  /**
   * Streams watch events from `resourceVersion` until the server ends the watch or `signal`
   * aborts. Throws `GoneError` when the version is too old (list again).
   */
  async *watch(
    options: ListOptions & { readonly resourceVersion?: string; readonly timeoutSeconds?: number },
  ): AsyncGenerator<WatchEvent<T>> {
    const response = await this.rest.stream({
      method: "GET",
      path: resourcePath(this.type, { namespace: options.namespace }),
      query: {
        watch: true,
        allowWatchBookmarks: true,
        resourceVersion: options.resourceVersion,
        timeoutSeconds: options.timeoutSeconds,
        labelSelector: options.labelSelector,
        fieldSelector: options.fieldSelector,
      },
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    const lines = createInterface({ input: response, crlfDelay: Infinity });
    try {
      for await (const line of lines) {
        if (line.trim() === "") continue;
        const event = JSON.parse(line) as WatchEvent<KubeObject>;
        if (event.type === "ERROR") throw watchError(this.type, event.object);
        yield event as unknown as WatchEvent<T>;
      }
    } finally {
      lines.close();
      response.destroy();
    }
  }
}

function listQuery(options: ListOptions, continueToken: string | undefined): Query {
  return {
    labelSelector: options.labelSelector,
    fieldSelector: options.fieldSelector,
    limit: options.limit ?? 500,
    continue: continueToken,
  };
}

function writeQuery(options: WriteOptions): Query {
  return {
    dryRun: options.dryRun === true ? "All" : undefined,
    fieldManager: options.fieldManager,
  };
}

function watchError(type: ResourceType, status: KubeObject): KubeApiError {
  const code = typeof status["code"] === "number" ? status["code"] : 500;
  return kubeErrorFromStatus({ method: "WATCH", path: resourcePath(type) }, code, status);
}
