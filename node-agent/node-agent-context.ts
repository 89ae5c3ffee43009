// What the node-agent's controllers are built from: configuration, clients, logger, clock,
// metrics, and the volume and repository access of this node.
import type { KubeConfig } from "@kubernetes/client-node";
import type { Clock } from "../lib/clock.js";
import type { KubeRestClient, VeleroClients } from "../lib/kube/index.js";
import type { Logger } from "../lib/log.js";
import type { NodeAgentConfig } from "./config.js";
import type { NodeAgentMetrics } from "./metrics.js";
import type { RepositoryOpener, VolumeLocator } from "./volume-backup.js";

/** Dependencies shared by the node-agent's controllers (built in main.ts, faked in tests). */
export interface NodeAgentContext {
  readonly config: NodeAgentConfig;
  readonly kc: KubeConfig;
  readonly rest: KubeRestClient;
  readonly velero: VeleroClients;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly metrics: NodeAgentMetrics;
  readonly repositories: RepositoryOpener;
  readonly locator: VolumeLocator;
}

/** A running piece of the node-agent. */
export interface NodeAgentController {
  readonly name: string;
  /** Runs until `signal` aborts; resolves once stopped (running operations included). */
  run(signal: AbortSignal): Promise<void>;
}
