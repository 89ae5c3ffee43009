// Completion lookups against the chosen cluster and kubeconfig: one list call per request with
// a short deadline, and silence (no candidates) on any failure.
import { KubeConfig } from "@kubernetes/client-node";
import { createVeleroClients } from "../../lib/kube/index.js";
import type { CliContext } from "../cli-context.js";
import { durationMs, parseDurationFlag } from "../flags/duration.js";
import type { CompletionSource, NameKind } from "./value-kinds.js";

/** How long a completion waits for the cluster unless `KUBECTL_VELERO_COMPLETION_TIMEOUT` says. */
export const COMPLETION_TIMEOUT_MS = 3000;

/** The deadline from `KUBECTL_VELERO_COMPLETION_TIMEOUT` (a Go duration such as `10s`), else 3 s. */
export function completionTimeoutMs(env: Readonly<Record<string, string | undefined>>): number {
  const text = env["KUBECTL_VELERO_COMPLETION_TIMEOUT"];
  if (text === undefined || text === "") return COMPLETION_TIMEOUT_MS;
  try {
    return durationMs(parseDurationFlag(text));
  } catch {
    return COMPLETION_TIMEOUT_MS;
  }
}

function withDeadline<T>(work: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(() => {
      resolve(fallback);
    }, ms);
  });
  return Promise.race([work.catch(() => fallback), late]).finally(() => {
    clearTimeout(timer);
  });
}

/** A {@link CompletionSource} reading the cluster of `ctx` (after its globals are set). */
export function clusterCompletionSource(
  ctx: CliContext,
  timeoutMs = completionTimeoutMs(ctx.io.env),
): CompletionSource {
  const listNames = async (kind: NameKind): Promise<string[]> => {
    const clients = createVeleroClients(ctx.rest(), ctx.namespace);
    const byKind = {
      backups: clients.backups,
      restores: clients.restores,
      schedules: clients.schedules,
      "backup-locations": clients.backupStorageLocations,
      "snapshot-locations": clients.volumeSnapshotLocations,
    } as const;
    const items = await byKind[kind].list();
    return items.map((o) => o.metadata.name ?? "").filter((n) => n !== "");
  };
  return {
    names: (kind) =>
      withDeadline(
        Promise.resolve().then(() => listNames(kind)),
        timeoutMs,
        [],
      ),
    contexts: (kubeconfig) => Promise.resolve(kubeconfigContexts(kubeconfig)),
  };
}

/** Context names of a kubeconfig (the default one when `path` is undefined); `[]` on error. */
export function kubeconfigContexts(path: string | undefined): string[] {
  try {
    const kc = new KubeConfig();
    if (path === undefined || path === "") kc.loadFromDefault();
    else kc.loadFromFile(path);
    return kc.getContexts().map((c) => c.name);
  } catch {
    return [];
  }
}
