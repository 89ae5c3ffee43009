// Step 1: the agent of a cluster answers a ServerStatusRequest (with its version) in time;
// otherwise a clear error naming the cluster and how to install or start the agent.
import { randomBytes } from "node:crypto";
import type { ServerStatusRequest } from "../../lib/api/index.js";
import { errorMessage } from "../../lib/errors.js";
import { isNotFound } from "../../lib/kube/index.js";
import { describeSide, sideFlags, type ClusterSide } from "./cluster-side.js";
import type { Deadline } from "./deadline.js";
import { AgentUnavailableError, MigrationTimeoutError } from "./migrate-errors.js";

/** How long an agent may take to answer before the cluster counts as without one. */
export const AGENT_ANSWER_TIMEOUT_MS = 30_000;

/** The install command suggested for a cluster without the agent. */
export function installHint(side: ClusterSide): string {
  return (
    `kubectl velero install ${sideFlags(side)} --provider <provider> --bucket <bucket> ` +
    `--secret-file <credentials file> --use-node-agent --wait`
  );
}

/** The error for a cluster without Velero's CRDs or namespace. */
export function notInstalled(side: ClusterSide, detail: string): AgentUnavailableError {
  return new AgentUnavailableError(
    `Velero is not installed in the ${describeSide(side)} (namespace "${side.namespace}": ${detail}). ` +
      `Install it with:\n  ${installHint(side)}`,
  );
}

function buildRequest(namespace: string): ServerStatusRequest {
  return {
    apiVersion: "velero.io/v1",
    kind: "ServerStatusRequest",
    metadata: { namespace, name: `migrate-check-${randomBytes(4).toString("hex")}` },
    spec: {},
  };
}

/**
 * Asks the side's agent for its version; resolves with it. Throws
 * {@link AgentUnavailableError} when the CRDs or namespace are missing, or when no agent
 * answers within `limitMs` (the request is then deleted).
 */
export async function checkAgent(
  side: ClusterSide,
  deadline: Deadline,
  limitMs = AGENT_ANSWER_TIMEOUT_MS,
): Promise<string> {
  const requests = side.clients.serverStatusRequests;
  let name: string;
  try {
    const created = await requests.create(buildRequest(side.namespace));
    name = created.metadata.name ?? "";
  } catch (error) {
    if (isNotFound(error)) throw notInstalled(side, errorMessage(error));
    throw error;
  }
  try {
    return await deadline.poll(
      `the agent of the ${describeSide(side)}`,
      async () => {
        const current = await requests.get(name);
        if (current.status?.phase !== "Processed") return undefined;
        return current.status.serverVersion ?? "unknown";
      },
      { intervalMs: 250, limitMs },
    );
  } catch (error) {
    await requests.delete(name).catch(() => undefined);
    if (!(error instanceof MigrationTimeoutError)) throw error;
    throw new AgentUnavailableError(
      `no agent answered in the ${describeSide(side)} within ${String(Math.round(limitMs / 1000))}s ` +
        `(namespace "${side.namespace}"). Check that it runs: kubectl ${sideFlags(side)} get deployment velero; ` +
        `to install it: ${installHint(side)}`,
    );
  }
}
