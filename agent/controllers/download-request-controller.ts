// DownloadRequest: answers `logs`, `describe --details` and `download` with a signed URL to one
// file of a backup or restore (valid 10 minutes), so the CLI never needs bucket credentials;
// expired requests are deleted.
import {
  formatTime,
  parseTime,
  type DownloadRequest,
  type DownloadTargetKind,
} from "../../lib/api/index.js";
import { downloadUrlTtlSeconds } from "../../lib/backup-store/index.js";
import { errorMessage } from "../../lib/errors.js";
import { isNotFound } from "../../lib/kube/index.js";
import type { ReconcileResult } from "../../lib/reconcile/index.js";
import type { AgentContext, AgentController } from "../agent-context.js";
import { kindController, type KindCache } from "./kind-controller.js";

/** Velero scans for expired requests every minute. */
const resyncMs = 60_000;
const ttlMs = downloadUrlTtlSeconds * 1000;

function isRestoreKind(kind: DownloadTargetKind): boolean {
  return kind.startsWith("Restore");
}

/** Reconciles one DownloadRequest by name. */
export async function reconcileDownloadRequest(
  ctx: AgentContext,
  cache: KindCache<DownloadRequest>,
  name: string,
): Promise<ReconcileResult | undefined> {
  const request = cache.get(name);
  if (request === undefined) return undefined;
  const now = ctx.clock.now();
  const expiration = request.status?.expiration;
  if (expiration !== undefined && parseTime(expiration).getTime() < now.getTime()) {
    await ctx.velero.downloadRequests.delete(name).catch((error: unknown) => {
      if (!isNotFound(error)) throw error;
    });
    return undefined;
  }
  const phase = request.status?.phase;
  if (phase !== undefined && phase !== "New") return expiresIn(expiration, now);
  const url = await signedUrl(ctx, request);
  const expires = formatTime(new Date(ctx.clock.now().getTime() + ttlMs));
  await ctx.velero.downloadRequests.patchStatus(name, {
    expiration: expires,
    ...(url === undefined ? {} : { downloadURL: url, phase: "Processed" }),
  });
  return { requeueAfterMs: ttlMs + 1000 };
}

function expiresIn(expiration: string | undefined, now: Date): ReconcileResult | undefined {
  if (expiration === undefined) return undefined;
  return { requeueAfterMs: Math.max(0, parseTime(expiration).getTime() - now.getTime()) + 1000 };
}

/**
 * The URL of the requested file, or undefined when the request cannot be served (its restore,
 * backup or location does not exist, or the location cannot be opened): Velero then leaves the
 * request New until it expires. Transient API failures throw (the request is retried).
 */
async function signedUrl(ctx: AgentContext, request: DownloadRequest): Promise<string | undefined> {
  const { kind, name } = request.spec.target;
  const log = ctx.logger.child({
    controller: "download-request",
    downloadRequest: request.metadata.name,
  });
  let backupName = name;
  try {
    if (isRestoreKind(kind))
      backupName = (await ctx.velero.restores.get(name)).spec.backupName ?? "";
    const backup = await ctx.velero.backups.get(backupName);
    const opened = await ctx.locations.open(backup.spec.storageLocation ?? "");
    return await opened.store.getDownloadUrl(kind, name, downloadUrlTtlSeconds);
  } catch (error) {
    if (!isNotFound(error) && !isLocationProblem(error)) throw error;
    log.error("cannot serve DownloadRequest", {
      target: `${kind}/${name}`,
      error: errorMessage(error),
    });
    return undefined;
  }
}

function isLocationProblem(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return (
    code === "LocationNotFound" ||
    code === "LocationCredentials" ||
    code === "StorageConfig" ||
    code === "InvalidInput"
  );
}

/** The `download-request` controller. */
export function downloadRequestController(ctx: AgentContext): AgentController {
  return kindController<DownloadRequest>(ctx, {
    name: "download-request",
    kind: "DownloadRequest",
    resyncMs,
    reconciler: (cache) => ({
      reconcile: (name) => reconcileDownloadRequest(ctx, cache, name),
    }),
  });
}
