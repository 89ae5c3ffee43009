// Running a command in a pod's container through the pods/exec subresource: the contract the
// hooks use, and its implementation with @kubernetes/client-node's Exec (WebSocket).
import { Writable } from "node:stream";
import { Exec, type KubeConfig, type V1Status } from "@kubernetes/client-node";
import { errorMessage } from "../../lib/errors.js";

/** One command to run. */
export interface PodExecRequest {
  readonly namespace: string;
  readonly pod: string;
  readonly container: string;
  readonly command: readonly string[];
  /** Aborting closes the stream (the cluster then ends the command). */
  readonly signal: AbortSignal;
}

/** What a command produced; `error` is set when it failed (exit code, refused exec). */
export interface PodExecResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly error?: string;
}

/**
 * Runs a command in a container and resolves once it ended. Failures of the command itself
 * (non-zero exit, unknown container, pod not running) resolve with `error`; it rejects only
 * when the signal aborts.
 */
export type PodExec = (request: PodExecRequest) => Promise<PodExecResult>;

function collector(): { stream: Writable; text: () => string } {
  const parts: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      parts.push(chunk);
      done();
    },
  });
  return { stream, text: () => Buffer.concat(parts).toString() };
}

/**
 * The error client-go's exec reports for an error-channel Status: `command terminated with
 * exit code N` for a non-zero exit, the Status message otherwise; undefined on success.
 */
export function statusError(status: V1Status | undefined): string | undefined {
  if (status === undefined) return "the exec stream ended without a status";
  if (status.status === "Success") return undefined;
  if (status.reason === "NonZeroExitCode") {
    const code = status.details?.causes?.find((c) => c.reason === "ExitCode")?.message;
    if (code !== undefined) return `command terminated with exit code ${code}`;
  }
  return status.message ?? "error executing remote command";
}

/** A {@link PodExec} over client-node's Exec with `kc`'s cluster and credentials. */
export function clientNodePodExec(kc: KubeConfig): PodExec {
  const exec = new Exec(kc);
  return async (request) => {
    request.signal.throwIfAborted();
    const out = collector();
    const err = collector();
    let status: V1Status | undefined;
    let socket;
    try {
      socket = await exec.exec(
        request.namespace,
        request.pod,
        request.container,
        [...request.command],
        out.stream,
        err.stream,
        null,
        false,
        (s) => {
          status = s;
        },
      );
    } catch (error) {
      return { stdout: "", stderr: "", error: `unable to start exec: ${errorMessage(error)}` };
    }
    const open = socket;
    const abort = (): void => {
      open.close();
    };
    request.signal.addEventListener("abort", abort, { once: true });
    try {
      await new Promise((resolve) => open.once("close", resolve));
    } finally {
      request.signal.removeEventListener("abort", abort);
    }
    request.signal.throwIfAborted();
    const error = statusError(status);
    return { stdout: out.text(), stderr: err.text(), ...(error === undefined ? {} : { error }) };
  };
}
