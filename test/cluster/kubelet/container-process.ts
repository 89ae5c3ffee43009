// Running containers: a real process (its process group is the container, stdout/stderr go to
// the CRI log, SIGTERM then SIGKILL after the grace period, stragglers killed when the main
// process exits) or a simulated one that has no process at all.
import { spawn } from "node:child_process";
import { constants } from "node:os";
import type { ContainerLogWriter } from "./log-store.js";
import type { LaunchCommand } from "./sandbox.js";

/** How a container run ended. */
export interface ContainerExit {
  readonly exitCode: number;
  readonly reason: "Completed" | "Error" | "StartError";
  readonly message?: string;
  readonly finishedAt: Date;
}

/** A container run in progress. */
export interface RunningContainer {
  readonly startedAt: Date;
  /** Settles once the run is over (its log is closed by then). */
  readonly exited: Promise<ContainerExit>;
  /** Ends the run: SIGTERM, then SIGKILL after `graceMs`; resolves when it is over. */
  stop(graceMs: number): Promise<ContainerExit>;
}

function exitOf(code: number, now: Date, message?: string): ContainerExit {
  const exit: ContainerExit = {
    exitCode: code,
    reason: code === 0 ? "Completed" : "Error",
    finishedAt: now,
  };
  return message === undefined ? exit : { ...exit, message };
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is already gone
  }
}

/** Starts `command` as the leader of a new process group whose output goes to `log`. */
export function startProcess(
  command: LaunchCommand,
  log: ContainerLogWriter,
  now: () => Date,
): RunningContainer {
  const startedAt = now();
  const child = spawn(command.file, [...command.args], {
    env: command.env,
    cwd: command.cwd,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.on("data", (chunk: Buffer) => {
    log.write("stdout", chunk);
  });
  child.stderr.on("data", (chunk: Buffer) => {
    log.write("stderr", chunk);
  });
  const exited = new Promise<ContainerExit>((resolve) => {
    let code = 0;
    child.on("exit", (exitCode, signal) => {
      code = exitCode ?? 128 + (signal === null ? 9 : constants.signals[signal]);
      killGroup(child.pid, "SIGKILL");
    });
    child.on("error", (error) => {
      log.write("stderr", `failed to start container process: ${error.message}\n`);
      log.close();
      resolve({ exitCode: 128, reason: "StartError", message: error.message, finishedAt: now() });
    });
    child.on("close", () => {
      log.close();
      resolve(exitOf(code, now()));
    });
  });
  let stopping: Promise<ContainerExit> | undefined;
  const stop = (graceMs: number): Promise<ContainerExit> => {
    stopping ??= (async () => {
      killGroup(child.pid, "SIGTERM");
      const timer = setTimeout(() => {
        killGroup(child.pid, "SIGKILL");
      }, graceMs);
      const exit = await exited;
      clearTimeout(timer);
      return exit;
    })();
    return stopping;
  };
  return { startedAt, exited, stop };
}

/**
 * A container of an image that has no local program: it "runs" without a process until
 * stopped (exit 0), or, for `completes`, finishes at once with exit 0 (simulated init containers).
 */
export function startSimulated(
  log: ContainerLogWriter,
  now: () => Date,
  completes: boolean,
): RunningContainer {
  const startedAt = now();
  let finish: (exit: ContainerExit) => void = () => undefined;
  const exited = new Promise<ContainerExit>((resolve) => {
    finish = (exit) => {
      log.close();
      resolve(exit);
    };
  });
  if (completes)
    setImmediate(() => {
      finish(exitOf(0, now()));
    });
  return {
    startedAt,
    exited,
    stop: async () => {
      finish(exitOf(0, now()));
      return exited;
    },
  };
}
