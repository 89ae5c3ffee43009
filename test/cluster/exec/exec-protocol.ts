// The pure parts of pods/exec: the request's query (command, container, streams), the
// channel sub-protocol negotiated with the client, and what the error channel carries at the
// end, worded as the kubelet (v4 and older) or the API server's stream translator (v5) word it.
import { ApiError } from "../cluster-api.js";

/** The WebSocket sub-protocols served, best first (binary framing: first byte = channel). */
export const channelProtocols = [
  "v5.channel.k8s.io",
  "v4.channel.k8s.io",
  "v3.channel.k8s.io",
  "v2.channel.k8s.io",
  "channel.k8s.io",
] as const;

/** One of {@link channelProtocols}. */
export type ChannelProtocol = (typeof channelProtocols)[number];

/** Stream channel numbers of the k8s channel protocols. */
export const channels = {
  stdin: 0,
  stdout: 1,
  stderr: 2,
  error: 3,
  resize: 4,
  close: 255,
} as const;

/** What an exec request asks for. */
export interface ExecRequest {
  readonly command: readonly string[];
  readonly container: string | undefined;
  readonly stdin: boolean;
  readonly stdout: boolean;
  readonly stderr: boolean;
  readonly tty: boolean;
}

function flag(query: URLSearchParams, name: string): boolean {
  const value = query.get(name);
  return value === "true" || value === "1";
}

/** Reads the query of `pods/<name>/exec`; 400 as the API server answers without a command. */
export function parseExecRequest(query: URLSearchParams): ExecRequest {
  const command = query.getAll("command");
  if (command.length === 0)
    throw new ApiError(400, "BadRequest", "you must specify at least 1 command");
  const container = query.get("container") ?? undefined;
  return {
    command,
    container: container === "" ? undefined : container,
    stdin: flag(query, "stdin"),
    stdout: flag(query, "stdout"),
    stderr: flag(query, "stderr"),
    tty: flag(query, "tty"),
  };
}

/** The first protocol the client offers that is served (clients list their preference first). */
export function negotiateProtocol(header: string | undefined): ChannelProtocol | undefined {
  const offered = (header ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p !== "");
  if (offered.length === 0) return "channel.k8s.io";
  const served: readonly string[] = channelProtocols;
  return offered.find((p): p is ChannelProtocol => served.includes(p));
}

/** Whether the error channel carries a JSON Status (v4+) rather than plain text. */
export function hasStatusChannel(protocol: ChannelProtocol): boolean {
  return protocol === "v5.channel.k8s.io" || protocol === "v4.channel.k8s.io";
}

/** `[sh -c exit 3]`: a command as Go's `%v` prints a string slice. */
function goSlice(argv: readonly string[]): string {
  return `[${argv.join(" ")}]`;
}

/**
 * The error-channel message that ends an exec, or undefined when nothing is written (v1-v3 on
 * success). A non-zero exit carries the `ExitCode` cause clients turn into their exit code.
 */
export function exitMessage(
  protocol: ChannelProtocol,
  argv: readonly string[],
  exitCode: number,
): string | undefined {
  const runtimeError = `error executing command ${goSlice(argv)}, exit code ${String(exitCode)}`;
  if (!hasStatusChannel(protocol))
    return exitCode === 0
      ? undefined
      : `command terminated with non-zero exit code: ${runtimeError}`;
  if (exitCode === 0) return JSON.stringify({ metadata: {}, status: "Success" });
  const cause =
    protocol === "v5.channel.k8s.io"
      ? `command terminated with exit code ${String(exitCode)}`
      : runtimeError;
  return JSON.stringify({
    metadata: {},
    status: "Failure",
    message: `command terminated with non-zero exit code: ${cause}`,
    reason: "NonZeroExitCode",
    details: { causes: [{ reason: "ExitCode", message: String(exitCode) }] },
  });
}

/** What the kubelet answers when the container does not run: `container not found ("c")`. */
export function containerNotFound(container: string): string {
  return `container not found (${JSON.stringify(container)})`;
}

/**
 * The error-channel Status of a failure after the WebSocket was accepted (v5 goes through the
 * API server's stream translator, which reports the kubelet's refusal as an InternalError).
 */
export function internalErrorMessage(cause: string): string {
  const error = `unable to upgrade connection: ${cause}`;
  return JSON.stringify({
    metadata: {},
    status: "Failure",
    message: `Internal error occurred: ${error}`,
    reason: "InternalError",
    details: { causes: [{ message: error }] },
    code: 500,
  });
}
