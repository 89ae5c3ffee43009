// Stopping an emulator a test started as a child process: SIGTERM, SIGKILL after 2 s, and its
// data directory removed.
import type { ChildProcess } from "node:child_process";
import { rm } from "node:fs/promises";

/**
 * Returns a `stop()` for `child` whose data lives in `dir`: ends the process (SIGTERM, then
 * SIGKILL if it has not exited after 2 s), waits for it and removes `dir`. Safe to call twice.
 * Also kills the child if the test process exits first.
 */
export function emulatorStopper(child: ChildProcess, dir: string): () => Promise<void> {
  process.once("exit", () => child.kill("SIGKILL"));
  return async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 2_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };
}
