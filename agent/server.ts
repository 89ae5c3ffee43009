// Runs the agent: the metrics/health endpoint, leader election, then every enabled controller,
// until the signal aborts.
import { setMaxListeners } from "node:events";
import { LeaderElector, runControllers } from "../lib/reconcile/index.js";
import type { AgentContext, AgentControllerFactory } from "./agent-context.js";
import { controllerFactories } from "./controller-registry.js";
import { startHealthServer } from "../lib/health/index.js";

/** Options of {@link runAgent}. */
export interface RunAgentOptions {
  /** Controllers to run instead of the registry's (tests). */
  readonly factories?: readonly AgentControllerFactory[];
  /** Skip leader election (a single replica in tests). */
  readonly skipLeaderElection?: boolean;
}

/** Runs the agent until `signal` aborts or leadership is lost. */
export async function runAgent(
  ctx: AgentContext,
  signal: AbortSignal,
  options: RunAgentOptions = {},
): Promise<void> {
  let ready = false;
  const health = await startHealthServer({
    ...ctx.config.metricsAddress,
    registry: ctx.metrics.registry,
    isReady: () => ready,
  });
  try {
    const leading = options.skipLeaderElection === true ? signal : await lead(ctx, signal);
    // Every controller, informer and queue listens to this one signal: a fixed count, not a leak.
    setMaxListeners(100, leading);
    const controllers = (options.factories ?? controllerFactories)
      .map((factory) => factory(ctx))
      .filter((c) => !ctx.config.disabledControllers.includes(c.name));
    ctx.logger.info("starting controllers", { controllers: controllers.map((c) => c.name) });
    ready = true;
    await runControllers(controllers, leading, ctx.logger);
  } finally {
    await health.close();
  }
}

async function lead(ctx: AgentContext, signal: AbortSignal): Promise<AbortSignal> {
  const elector = new LeaderElector({
    rest: ctx.rest,
    namespace: ctx.config.namespace,
    leaseName: "velero-agent",
    identity: `${ctx.config.podName}_${Math.random().toString(36).slice(2, 10)}`,
    clock: ctx.clock,
    logger: ctx.logger,
  });
  ctx.logger.info("waiting for the leader lease");
  return elector.acquire(signal);
}
