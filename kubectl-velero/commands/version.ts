// `version`: the client's version and commit, and the running agent's version, asked for with a
// ServerStatusRequest (Velero's way: create one, poll until the agent marks it Processed).
import { Command, Option } from "commander";
import { type ServerStatusRequest } from "../../lib/api/index.js";
import { displayVersion, GIT_COMMIT } from "../../lib/build-info.js";
import type { Clock } from "../../lib/clock.js";
import { errorMessage } from "../../lib/errors.js";
import type { VeleroResourceClient } from "../../lib/kube/index.js";
import type { CliContext } from "../cli-context.js";
import { durationMs, parseDurationFlag } from "../flags/duration.js";

/** Options of `version`. */
export interface VersionOptions {
  readonly clientOnly?: boolean;
  readonly timeout: string;
}

const pollMs = 250;

/** The client block Velero prints. */
export function formatClientVersion(): string {
  return `Client:\n\tVersion: ${displayVersion()}\n\tGit commit: ${GIT_COMMIT}\n`;
}

/**
 * The server block: its version and, when major or minor differ, Velero's warning naming the
 * side to update (the older one). A failure is one line, as Velero prints it.
 */
export function formatServerVersion(
  server: { readonly version: string } | { readonly error: string },
  clientVersion = displayVersion(),
): string {
  if ("error" in server) return `<error getting server version: ${server.error}>\n`;
  const text = `Server:\n\tVersion: ${server.version}\n`;
  const client = majorMinorPatch(clientVersion);
  const agent = majorMinorPatch(server.version);
  if (client === undefined || agent === undefined) return text;
  if (client[0] === agent[0] && client[1] === agent[1]) return text;
  const update = compareVersions(agent, client) > 0 ? "client" : "server";
  return `${text}# WARNING: the client version does not match the server version. Please update ${update}\n`;
}

function majorMinorPatch(version: string): number[] | undefined {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version.trim());
  return match === null ? undefined : match.slice(1, 4).map(Number);
}

function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** What {@link requestServerVersion} needs. */
export interface ServerVersionRequest {
  readonly requests: Pick<
    VeleroResourceClient<ServerStatusRequest>,
    "namespace" | "create" | "get"
  >;
  readonly clock: Clock;
  readonly timeoutMs: number;
}

/**
 * Creates a ServerStatusRequest (`generateName: velero-cli-`) and polls it every 250 ms until the
 * agent processes it; rejects after the timeout with Velero's message.
 */
export async function requestServerVersion(input: ServerVersionRequest): Promise<string> {
  const created = await input.requests.create({
    apiVersion: "velero.io/v1",
    kind: "ServerStatusRequest",
    metadata: { generateName: "velero-cli-", namespace: input.requests.namespace },
    spec: {},
  });
  const name = created.metadata.name ?? "";
  const deadline = input.clock.now().getTime() + input.timeoutMs;
  for (;;) {
    const request = await input.requests.get(name);
    if (request.status?.phase === "Processed") return request.status.serverVersion ?? "";
    if (input.clock.now().getTime() >= deadline) {
      throw new Error("timed out waiting for server status request to be processed");
    }
    await input.clock.sleep(pollMs);
  }
}

/** Builds `version`. */
export function createVersionCommand(ctx: CliContext): Command {
  return new Command("version")
    .description("Print the kubectl-velero client version and the version of the running agent")
    .option("--client-only", "only print the client version")
    .addOption(
      new Option("--timeout <duration>", "how long to wait for the agent to answer")
        .argParser(parseDurationFlag)
        .default("5s"),
    )
    .action(async (options: VersionOptions) => {
      ctx.io.stdout.write(formatClientVersion());
      if (options.clientOnly === true) return;
      ctx.io.stdout.write(formatServerVersion(await serverVersion(ctx, options)));
    });
}

async function serverVersion(
  ctx: CliContext,
  options: VersionOptions,
): Promise<{ version: string } | { error: string }> {
  try {
    const { createVeleroClients } = await import("../../lib/kube/index.js");
    const clients = createVeleroClients(ctx.rest(), ctx.namespace);
    const version = await requestServerVersion({
      requests: clients.serverStatusRequests,
      clock: ctx.clock,
      timeoutMs: durationMs(options.timeout),
    });
    return { version };
  } catch (error) {
    return { error: errorMessage(error) };
  }
}
