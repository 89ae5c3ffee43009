// Entry point of the agent (`velero server`): configuration, clients, then run until SIGTERM.
// Only a configuration error or a signal ends the process.
import { systemClock } from "../lib/clock.js";
import { errorMessage } from "../lib/errors.js";
import { createVeleroClients, KubeRestClient, loadKubeConfig } from "../lib/kube/index.js";
import { createLogger } from "../lib/log.js";
import type { AgentContext } from "./agent-context.js";
import { parseAgentConfig } from "./config.js";
import { createAgentMetrics } from "./metrics.js";
import { runAgent } from "./server.js";
import { LocationStores } from "./storage/index.js";

/** Runs the agent with `server` flags; resolves with the process exit code. */
export async function agentMain(argv: readonly string[]): Promise<number> {
  let config;
  try {
    config = parseAgentConfig(argv, process.env);
  } catch (error) {
    process.stderr.write(`velero agent: ${errorMessage(error)}\n`);
    return 1;
  }
  const logger = createLogger({ level: config.logLevel, format: config.logFormat });
  let kc;
  try {
    kc = loadKubeConfig({
      kubeconfig: config.kubeconfig,
      context: config.kubeContext,
      inCluster: config.kubeconfig === undefined,
    });
  } catch (error) {
    process.stderr.write(`velero agent: ${errorMessage(error)}\n`);
    return 1;
  }
  const rest = new KubeRestClient(kc);
  const velero = createVeleroClients(rest, config.namespace);
  const ctx: AgentContext = {
    config,
    kc,
    rest,
    velero,
    logger,
    clock: systemClock,
    metrics: createAgentMetrics(),
    locations: new LocationStores({
      velero,
      rest,
      defaultCredentialsFile: config.credentialsFile,
      defaultLocationName: config.defaultBackupStorageLocation,
      clock: systemClock,
      logger,
    }),
  };
  const stop = new AbortController();
  for (const sig of ["SIGTERM", "SIGINT"] as const) {
    process.once(sig, () => {
      logger.info("shutting down", { signal: sig });
      stop.abort(new Error(sig));
    });
  }
  logger.info("agent starting", { namespace: config.namespace });
  await runAgent(ctx, stop.signal);
  rest.close();
  return 0;
}
