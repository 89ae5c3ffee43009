// Runs the CLI in-process with captured output, for tests.
import { Readable } from "node:stream";
import type { Clock } from "../../lib/clock.js";
import { runCli } from "../run-cli.js";

/** What one run printed and its exit code. */
export interface CapturedRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link runCaptured}. */
export interface CapturedRunOptions {
  readonly stdin?: string;
  readonly env?: Record<string, string | undefined>;
  readonly homeDir?: string;
  readonly clock?: Clock;
  readonly isTerminal?: boolean;
}

/** Runs `kubectl velero <args>` in this process and captures its output. */
export async function runCaptured(
  args: readonly string[],
  options: CapturedRunOptions = {},
): Promise<CapturedRun> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    stdin: Readable.from([options.stdin ?? ""]),
    isTerminal: options.isTerminal ?? false,
    env: options.env ?? {},
    homeDir: options.homeDir ?? "/nonexistent-home",
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });
  return { code, stdout, stderr };
}
