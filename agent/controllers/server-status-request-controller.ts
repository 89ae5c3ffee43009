// ServerStatusRequest: answers `kubectl velero version` with the agent's version, and deletes
// processed requests a minute later (Velero's behaviour).
import { formatTime, parseTime, type ServerStatusRequest } from "../../lib/api/index.js";
import { displayVersion } from "../../lib/build-info.js";
import { isNotFound } from "../../lib/kube/index.js";
import type { ReconcileResult } from "../../lib/reconcile/index.js";
import type { AgentContext, AgentController } from "../agent-context.js";
import { kindController, type KindCache } from "./kind-controller.js";

const ttlMs = 60_000;

/** Reconciles one ServerStatusRequest by name. */
export async function reconcileServerStatusRequest(
  ctx: AgentContext,
  cache: KindCache<ServerStatusRequest>,
  name: string,
): Promise<ReconcileResult | undefined> {
  const request = cache.get(name);
  if (request === undefined) return undefined;
  const now = ctx.clock.now();
  const status = request.status ?? {};
  if (status.phase === undefined || status.phase === "New") {
    await ctx.velero.serverStatusRequests.patchStatus(name, {
      phase: "Processed",
      processedTimestamp: formatTime(now),
      serverVersion: displayVersion(),
      plugins: [],
    });
    return { requeueAfterMs: ttlMs };
  }
  const processed =
    status.processedTimestamp === undefined ? now : parseTime(status.processedTimestamp);
  const age = now.getTime() - processed.getTime();
  if (age < ttlMs) return { requeueAfterMs: ttlMs - age };
  await ctx.velero.serverStatusRequests.delete(name).catch((error: unknown) => {
    if (!isNotFound(error)) throw error;
  });
  return undefined;
}

/** The `server-status-request` controller. */
export function serverStatusRequestController(ctx: AgentContext): AgentController {
  return kindController<ServerStatusRequest>(ctx, {
    name: "server-status-request",
    kind: "ServerStatusRequest",
    resyncMs: 5 * 60_000,
    reconciler: (cache) => ({
      reconcile: (name) => reconcileServerStatusRequest(ctx, cache, name),
    }),
  });
}
