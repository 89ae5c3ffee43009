// Lists one resource type page by page (limit/continue) as a backup reads it: items get the
// list's apiVersion and kind (as client-go's unstructured lists do), and an expired continue
// token restarts the list instead of failing it.
import {
  GoneError,
  resourcePath,
  type KubeList,
  type KubeObject,
  type KubeRestClient,
} from "../../lib/kube/index.js";
import type { BackupResource } from "./resource-discovery.js";
import { requestWithSignal } from "./scoped-request.js";

/** One page of a backup's list. */
export interface ItemPage {
  readonly items: KubeObject[];
  /** Items the server still holds after this page, when it says (`remainingItemCount`). */
  readonly remaining: number | undefined;
  /** True on the first page after the list restarted (earlier items may come again). */
  readonly restarted: boolean;
}

/** What to list. */
export interface ListRequest {
  readonly resource: BackupResource;
  /** `""` lists across all namespaces (and cluster-scoped types). */
  readonly namespace: string;
  readonly labelSelector?: string | undefined;
  readonly pageSize: number;
  readonly signal?: AbortSignal | undefined;
}

const maxRestarts = 3;

/**
 * Yields the pages of a list. Holds one page at a time. When a continue token has expired
 * (410 Gone), the list starts again from the beginning, at most three times.
 */
export async function* listItemPages(
  rest: KubeRestClient,
  request: ListRequest,
): AsyncGenerator<ItemPage> {
  const path = resourcePath(request.resource, { namespace: request.namespace });
  let continueToken: string | undefined;
  let restarts = 0;
  let restarted = false;
  for (;;) {
    let page: KubeList;
    try {
      page = await requestWithSignal<KubeList>(
        rest,
        {
          method: "GET",
          path,
          query: {
            labelSelector: request.labelSelector,
            limit: request.pageSize,
            continue: continueToken,
          },
        },
        request.signal,
      );
    } catch (error) {
      if (!(error instanceof GoneError) || continueToken === undefined || restarts >= maxRestarts) {
        throw error;
      }
      restarts++;
      restarted = true;
      continueToken = undefined;
      continue;
    }
    fillTypeMeta(page.items, request.resource);
    continueToken = nonEmpty(page.metadata?.continue);
    yield { items: page.items, remaining: page.metadata?.remainingItemCount, restarted };
    restarted = false;
    if (continueToken === undefined) return;
  }
}

function fillTypeMeta(items: KubeObject[], resource: BackupResource): void {
  for (const item of items) {
    item.apiVersion ??= resource.apiVersion;
    item.kind ??= resource.kind;
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
