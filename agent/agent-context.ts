// What every agent controller is built from: configuration, clients, logger, clock, metrics.
import type { KubeConfig } from "@kubernetes/client-node";
import type { Clock } from "../lib/clock.js";
import type { KubeRestClient, VeleroClients } from "../lib/kube/index.js";
import type { Logger } from "../lib/log.js";
import type { AgentConfig } from "./config.js";
import type { AgentMetrics } from "./metrics.js";
import type { LocationStores } from "./storage/index.js";

/** Dependencies shared by the agent's controllers (built once in main.ts, faked in tests). */
export interface AgentContext {
  readonly config: AgentConfig;
  readonly kc: KubeConfig;
  readonly rest: KubeRestClient;
  readonly velero: VeleroClients;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly metrics: AgentMetrics;
  /** Opens backup storage locations (credentials, CA, ReadOnly guard). */
  readonly locations: LocationStores;
}

/** A running piece of the agent, named as in Velero's `--disable-controllers`. */
export interface AgentController {
  readonly name: string;
  /** Runs until `signal` aborts; resolves once stopped. */
  run(signal: AbortSignal): Promise<void>;
}

/** Builds a controller from the shared context. */
export type AgentControllerFactory = (ctx: AgentContext) => AgentController;
