// Runs a program's controllers side by side until a signal aborts: what the agent and the
// node-agent do once they are ready.
import { errorMessage } from "../errors.js";
import type { Logger } from "../log.js";

/** Anything with a name that runs until a signal aborts. */
export interface RunnableController {
  readonly name: string;
  /** Runs until `signal` aborts; resolves once stopped. */
  run(signal: AbortSignal): Promise<void>;
}

/**
 * Runs every controller until `signal` aborts and resolves once all have stopped. A controller
 * that fails is logged (`controller stopped with an error`) and does not stop the others.
 */
export async function runControllers(
  controllers: readonly RunnableController[],
  signal: AbortSignal,
  logger: Logger,
): Promise<void> {
  await Promise.all(
    controllers.map((c) =>
      c.run(signal).catch((error: unknown) => {
        logger.error("controller stopped with an error", {
          controller: c.name,
          error: errorMessage(error),
        });
      }),
    ),
  );
}
