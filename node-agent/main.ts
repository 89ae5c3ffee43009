// Entry point of the node-agent (`velero node-agent server`): configuration, clients, then the
// controllers of this node until SIGTERM. Only a configuration error or a signal ends it.
import { join } from "node:path";
import { systemClock } from "../lib/clock.js";
import { errorMessage } from "../lib/errors.js";
import { createVeleroClients, KubeRestClient, loadKubeConfig } from "../lib/kube/index.js";
import { createLogger } from "../lib/log.js";
import { parseNodeAgentConfig, type NodeAgentConfig } from "./config.js";
import { createNodeAgentMetrics } from "./metrics.js";
import type { NodeAgentContext } from "./node-agent-context.js";
import { PodVolumeLocator } from "./pod-volume-locator.js";
import { RepositoryAccess } from "./repository-access.js";
import { runNodeAgent } from "./server.js";

/** Builds the context of a node-agent from its configuration (real clients). */
export function createNodeAgentContext(config: NodeAgentConfig): NodeAgentContext {
  const logger = createLogger({ level: config.logLevel, format: config.logFormat }).child({
    node: config.nodeName,
  });
  const kc = loadKubeConfig({
    kubeconfig: config.kubeconfig,
    context: config.kubeContext,
    inCluster: config.kubeconfig === undefined,
  });
  const rest = new KubeRestClient(kc);
  const velero = createVeleroClients(rest, config.namespace);
  return {
    config,
    kc,
    rest,
    velero,
    logger,
    clock: systemClock,
    metrics: createNodeAgentMetrics(),
    repositories: new RepositoryAccess({
      velero,
      rest,
      credentialsFile: config.credentialsFile,
      clock: systemClock,
      logger,
      cacheDir: join(config.scratchDir, "repository-cache"),
    }),
    locator: new PodVolumeLocator(rest, config.hostPodsRoot),
  };
}

/** Runs the node-agent with `server` flags; resolves with the process exit code. */
export async function nodeAgentMain(argv: readonly string[]): Promise<number> {
  let ctx: NodeAgentContext;
  try {
    ctx = createNodeAgentContext(parseNodeAgentConfig(argv, process.env));
  } catch (error) {
    process.stderr.write(`velero node-agent: ${errorMessage(error)}\n`);
    return 1;
  }
  const stop = new AbortController();
  for (const sig of ["SIGTERM", "SIGINT"] as const) {
    process.once(sig, () => {
      ctx.logger.info("shutting down", { signal: sig });
      stop.abort(new Error(sig));
    });
  }
  ctx.logger.info("node-agent starting", {
    namespace: ctx.config.namespace,
    hostPodsRoot: ctx.config.hostPodsRoot,
  });
  await runNodeAgent(ctx, stop.signal);
  ctx.rest.close();
  return 0;
}
