// `--wait` of `backup create` and `restore create`: Velero's messages around live progress, and
// a non-zero exit when the operation does not end Completed.
import { VeleroError } from "../../lib/errors.js";
import type { CliContext } from "../cli-context.js";
import type { ProgressSample } from "./progress-line.js";
import { ProgressReporter } from "./progress-reporter.js";
import { waitForCompletion } from "./wait-for-completion.js";

/**
 * The operation ended in a phase other than Completed. Velero's `--wait` exits 0 regardless;
 * this CLI exits 1 so scripts can tell (a deliberate difference).
 */
export class UnsuccessfulPhaseError extends VeleroError {
  readonly phase: string;
  constructor(kind: string, name: string, phase: string) {
    super("UnsuccessfulPhase", `${kind} "${name}" finished with phase ${phase}`);
    this.phase = phase;
  }
}

/** One operation to wait for. */
export interface OperationToWaitFor<T> {
  readonly kind: "backup" | "restore";
  readonly name: string;
  readonly read: () => Promise<T>;
  readonly phaseOf: (object: T) => string;
  readonly donePhases: readonly string[];
  readonly sample: (object: T, waitedMs: number) => Promise<ProgressSample>;
}

/** Prints Velero's waiting message, live progress, then Velero's final message. */
export async function waitForOperation<T>(ctx: CliContext, op: OperationToWaitFor<T>): Promise<T> {
  const title = op.kind === "backup" ? "Backup" : "Restore";
  ctx.print(
    `Waiting for ${op.kind} to complete. You may safely press ctrl-c to stop waiting - your ${op.kind} will continue in the background.`,
  );
  const reporter = new ProgressReporter({
    out: ctx.io.stdout,
    isTerminal: ctx.io.isTerminal,
    clock: ctx.clock,
    verb: op.kind === "backup" ? "backed up" : "restored",
  });
  const done = await waitForCompletion({
    clock: ctx.clock,
    reporter,
    read: op.read,
    isDone: (object) => op.donePhases.includes(op.phaseOf(object)),
    sample: op.sample,
    describe: { kind: op.kind, name: op.name },
  });
  const phase = op.phaseOf(done);
  ctx.print(
    `${title} completed with status: ${phase}. You may check for more information using the commands ` +
      `\`kubectl velero ${op.kind} describe ${op.name}\` and \`kubectl velero ${op.kind} logs ${op.name}\`.`,
  );
  if (phase !== "Completed") throw new UnsuccessfulPhaseError(op.kind, op.name, phase);
  return done;
}
