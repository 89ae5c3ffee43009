// Runs the node-agent: the metrics/health endpoint, then the pod volume backup and restore
// controllers of this node and the data upload/download controllers, until the signal aborts.
import { dataDownloadController } from "./controllers/data-download-controller.js";
import { dataUploadController } from "./controllers/data-upload-controller.js";
import { podVolumeBackupController } from "./controllers/pod-volume-backup-controller.js";
import { podVolumeRestoreController } from "./controllers/pod-volume-restore-controller.js";
import { startHealthServer } from "../lib/health/index.js";
import { runControllers } from "../lib/reconcile/index.js";
import type { NodeAgentContext, NodeAgentController } from "./node-agent-context.js";

/** Builds one controller of the node-agent. */
export type NodeAgentControllerFactory = (ctx: NodeAgentContext) => NodeAgentController;

/** The node-agent's controllers. */
export const nodeAgentControllers: readonly NodeAgentControllerFactory[] = [
  podVolumeBackupController,
  podVolumeRestoreController,
  dataUploadController,
  dataDownloadController,
];

/** Options of {@link runNodeAgent}. */
export interface RunNodeAgentOptions {
  /** Called with the endpoint's port once it listens (tests use port 0). */
  readonly onListening?: (port: number) => void;
}

/** Runs the node-agent until `signal` aborts; resolves once every controller has stopped. */
export async function runNodeAgent(
  ctx: NodeAgentContext,
  signal: AbortSignal,
  options: RunNodeAgentOptions = {},
): Promise<void> {
  let ready = false;
  const health = await startHealthServer({
    ...ctx.config.metricsAddress,
    registry: ctx.metrics.registry,
    isReady: () => ready,
  });
  options.onListening?.(health.port);
  try {
    const controllers = nodeAgentControllers.map((factory) => factory(ctx));
    ctx.logger.info("starting controllers", {
      node: ctx.config.nodeName,
      controllers: controllers.map((c) => c.name),
    });
    ready = true;
    await runControllers(controllers, signal, ctx.logger);
  } finally {
    await health.close();
  }
}
