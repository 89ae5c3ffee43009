// `backup download NAME [-o PATH] [--force]`: the backup's tarball from the bucket, through a
// DownloadRequest, saved as is (`<name>-data.tar.gz` by default).
import { createWriteStream } from "node:fs";
import { unlink } from "node:fs/promises";
import { resolve } from "node:path";
import { pipeline } from "node:stream/promises";
import { Command, Option } from "commander";
import { VeleroError } from "../../../lib/errors.js";
import { createVeleroClients } from "../../../lib/kube/index.js";
import type { CliContext } from "../../cli-context.js";
import { openDownload } from "../../download/download-request-client.js";
import {
  addDownloadFlags,
  downloadOptionsFor,
  type DownloadFlagOptions,
} from "../../download/download-flags.js";
import { requireObjectName } from "../../flags/resource-name.js";

/** Options of `backup download`. */
export interface BackupDownloadOptions extends DownloadFlagOptions {
  readonly output?: string;
  readonly force?: boolean;
}

/** Where the tarball goes: `-o`, else `<cwd>/<name>-data.tar.gz`. */
export function downloadPath(name: string, output: string | undefined, cwd: string): string {
  return resolve(cwd, output ?? `${name}-data.tar.gz`);
}

/** Builds `backup download`. */
export function createBackupDownloadCommand(ctx: CliContext): Command {
  const command = new Command("download")
    .description("Download all Kubernetes manifests for a backup")
    .argument("<name>")
    .addOption(
      new Option("-o, --output <path>", "path to the output file (default: <NAME>-data.tar.gz)"),
    )
    .addOption(new Option("--force", "overwrite the output file if it exists"));
  addDownloadFlags(command, "1m");
  return command.action(async (name: string, options: BackupDownloadOptions) => {
    requireObjectName("backup", name);
    const clients = createVeleroClients(ctx.rest(), ctx.namespace);
    const backup = await clients.backups.get(name);
    const path = downloadPath(name, options.output, process.cwd());
    const file = createWriteStream(path, {
      flags: options.force === true ? "w" : "wx",
      mode: 0o600,
    });
    await new Promise<void>((ready, fail) => {
      file.once("open", () => {
        ready();
      });
      file.once("error", (error) => {
        fail(new VeleroError("OutputFile", error.message, { cause: error }));
      });
    });
    try {
      const download = await downloadOptionsFor(
        ctx,
        clients,
        { kind: "BackupContents", name, locationName: backup.spec.storageLocation },
        options,
      );
      await pipeline(await openDownload(download), file);
    } catch (error) {
      file.destroy();
      await unlink(path).catch(() => undefined);
      throw error;
    }
    ctx.print(`Backup ${name} has been successfully downloaded to ${path}`);
  });
}
