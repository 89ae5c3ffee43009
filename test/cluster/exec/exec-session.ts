// One pods/exec session over an accepted WebSocket: the process starts in the container's
// sandbox, stdout/stderr go out on their channels, stdin comes in (v5's close signal ends it),
// and the exit status is written on the error channel before the socket closes. A client that
// goes away takes the process group with it.
import { spawn, type ChildProcess } from "node:child_process";
import { constants } from "node:os";
import type { WebSocket } from "ws";
import type { Logger } from "../../../lib/log.js";
import type { LaunchCommand } from "../kubelet/sandbox.js";
import { type ChannelProtocol, channels, type ExecRequest, exitMessage } from "./exec-protocol.js";

/** Options of {@link runExecSession}. */
export interface ExecSessionOptions {
  readonly socket: WebSocket;
  readonly protocol: ChannelProtocol;
  readonly request: ExecRequest;
  readonly command: LaunchCommand;
  readonly log: Logger;
}

function frame(channel: number, data: Buffer | string): Buffer {
  const body = typeof data === "string" ? Buffer.from(data) : data;
  return Buffer.concat([Buffer.of(channel), body]);
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // the group is already gone
  }
}

function firstWritableChannel(request: ExecRequest): number {
  if (request.stdout) return channels.stdout;
  return request.stderr ? channels.stderr : channels.error;
}

function start(options: ExecSessionOptions): ChildProcess {
  const { command, request } = options;
  return spawn(command.file, [...command.args], {
    env: command.env,
    cwd: command.cwd,
    detached: true,
    stdio: [
      request.stdin ? "pipe" : "ignore",
      request.stdout ? "pipe" : "ignore",
      request.stderr ? "pipe" : "ignore",
    ],
  });
}

function relayInput(socket: WebSocket, child: ChildProcess): void {
  child.stdin?.on("error", () => undefined);
  socket.on("message", (data: Buffer, isBinary: boolean) => {
    if (!isBinary || data.length === 0) return;
    const channel = data[0];
    if (channel === channels.stdin) child.stdin?.write(data.subarray(1));
    else if (channel === channels.close && data[1] === channels.stdin) child.stdin?.end();
  });
}

function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  return 128 + (signal === null ? 9 : constants.signals[signal]);
}

/** Runs the session; resolves with the exit code once the socket is closed. */
export function runExecSession(options: ExecSessionOptions): Promise<number> {
  const { socket, request, log } = options;
  const send = (channel: number, data: Buffer | string): void => {
    if (socket.readyState === socket.OPEN) socket.send(frame(channel, data));
  };
  send(firstWritableChannel(request), "");
  const child = start(options);
  child.stdout?.on("data", (chunk: Buffer) => {
    send(channels.stdout, chunk);
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    send(channels.stderr, chunk);
  });
  relayInput(socket, child);
  socket.on("error", (error) => {
    log.debug("exec socket error", { error: error.message });
  });
  let done = false;
  socket.on("close", () => {
    if (!done) killGroup(child);
  });
  return new Promise((resolve) => {
    const finish = (exitCode: number): void => {
      if (done) return;
      done = true;
      const message = exitMessage(options.protocol, request.command, exitCode);
      if (message !== undefined) send(channels.error, message);
      socket.close(1000);
      resolve(exitCode);
    };
    child.on("error", (error) => {
      log.warn("exec process failed to start", { error: error.message });
      finish(126);
    });
    child.on("close", (code, signal) => {
      finish(exitCodeOf(code, signal));
    });
  });
}
