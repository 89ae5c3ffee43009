// API requests that a long-lived signal can cancel without piling listeners onto it: each
// request gets its own short-lived signal linked to the long-lived one.
import type { KubeRequest, KubeRestClient } from "../../lib/kube/index.js";

/** `rest.request(request)`, aborted when `signal` aborts; the link is removed afterwards. */
export async function requestWithSignal<T>(
  rest: KubeRestClient,
  request: Omit<KubeRequest, "signal">,
  signal: AbortSignal | undefined,
): Promise<T> {
  if (signal === undefined) return rest.request<T>(request);
  const own = new AbortController();
  const onAbort = (): void => {
    own.abort(signal.reason);
  };
  if (signal.aborted) onAbort();
  else signal.addEventListener("abort", onAbort, { once: true });
  try {
    return await rest.request<T>({ ...request, signal: own.signal });
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}
