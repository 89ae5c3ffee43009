// The flags of commands that download through DownloadRequests (`--timeout`,
// `--insecure-skip-tls-verify`, `--cacert`), and the download settings they give.
import { Option, type Command } from "commander";
import type { DownloadTargetKind } from "../../lib/api/index.js";
import { errorMessage } from "../../lib/errors.js";
import type { VeleroClients } from "../../lib/kube/index.js";
import type { CliContext } from "../cli-context.js";
import { durationMs, parseDurationFlag } from "../flags/duration.js";
import { downloadToBuffer, type DownloadOptions } from "./download-request-client.js";
import { locationCaCert, type SecretObject } from "./location-ca-cert.js";

/** The parsed download flags. */
export interface DownloadFlagOptions {
  readonly timeout?: string;
  readonly insecureSkipTlsVerify?: boolean;
  readonly cacert?: string;
}

/** Adds the TLS flags (and `--timeout` with its default when `timeoutDefault` is given). */
export function addDownloadFlags(command: Command, timeoutDefault?: string): Command {
  if (timeoutDefault !== undefined) {
    command.addOption(
      new Option("--timeout <duration>", "how long to wait for the download URL")
        .argParser(parseDurationFlag)
        .default(parseDurationFlag(timeoutDefault), timeoutDefault),
    );
  }
  return command
    .addOption(
      new Option(
        "--insecure-skip-tls-verify",
        "do not verify the object store's TLS certificate (insecure, not recommended)",
      ),
    )
    .addOption(
      new Option(
        "--cacert <path>",
        "certificate bundle for the object store's TLS (default: client config cacert, then the location's CA)",
      ),
    );
}

/** Where a download happens: the backup storage location the file lives in. */
export interface DownloadTarget {
  readonly kind: DownloadTargetKind;
  readonly name: string;
  readonly locationName: string | undefined;
}

const secretsType = {
  group: "",
  version: "v1",
  resource: "secrets",
  namespaced: true,
  kind: "Secret",
};

/**
 * The download settings for one file: flags, the client config's `cacert`, and the location's
 * CA bundle (a failure to read it is a warning on stderr, as in Velero).
 */
export async function downloadOptionsFor(
  ctx: CliContext,
  clients: VeleroClients,
  target: DownloadTarget,
  flags: DownloadFlagOptions & { readonly timeoutMs?: number },
): Promise<DownloadOptions> {
  let caCert: string | undefined;
  try {
    caCert = await locationCaCert(
      {
        getLocation: (name) => clients.backupStorageLocations.get(name),
        secrets: ctx.resources<SecretObject>(secretsType),
        namespace: clients.namespace,
      },
      target.locationName,
    );
  } catch (error) {
    ctx.io.stderr.write(`WARNING: Error getting cacert from BSL: ${errorMessage(error)}\n`);
  }
  return {
    clients,
    clock: ctx.clock,
    kind: target.kind,
    name: target.name,
    timeoutMs: flags.timeoutMs ?? durationMs(flags.timeout ?? "1m0s"),
    tls: {
      insecureSkipTlsVerify: flags.insecureSkipTlsVerify === true,
      caCertFile: flags.cacert ?? ctx.config.cacert,
      locationCaCert: caCert,
    },
  };
}

/**
 * Fetches side files of one backup or restore for `describe` (each within `timeoutMs`); the
 * location's CA bundle is looked up once, on the first fetch.
 */
export function sideFileFetcher(
  ctx: CliContext,
  clients: VeleroClients,
  target: { readonly name: string; readonly locationName: () => Promise<string | undefined> },
  flags: DownloadFlagOptions & { readonly timeoutMs: number },
): (kind: DownloadTargetKind) => Promise<Buffer> {
  let base: DownloadOptions | undefined;
  return async (kind) => {
    base ??= await downloadOptionsFor(
      ctx,
      clients,
      { kind, name: target.name, locationName: await target.locationName() },
      flags,
    );
    return downloadToBuffer({ ...base, kind });
  };
}
