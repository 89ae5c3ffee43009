// `restore logs RESTORE`: the restore's log from the bucket, once it has finished processing.
import { Command } from "commander";
import type { RestorePhase } from "../../../lib/api/index.js";
import { VeleroError } from "../../../lib/errors.js";
import { createVeleroClients, isNotFound } from "../../../lib/kube/index.js";
import type { CliContext } from "../../cli-context.js";
import { openDownload } from "../../download/download-request-client.js";
import {
  addDownloadFlags,
  downloadOptionsFor,
  type DownloadFlagOptions,
} from "../../download/download-flags.js";
import { requireObjectName } from "../../flags/resource-name.js";
import { NotReadyError, pipeText } from "../backup/logs.js";
import { restoreLocation } from "./describe.js";

/** Phases in which a restore's log exists in the bucket. */
export const RESTORE_LOG_PHASES: readonly RestorePhase[] = [
  "Completed",
  "Failed",
  "PartiallyFailed",
  "WaitingForPluginOperations",
  "WaitingForPluginOperationsPartiallyFailed",
];

/** Builds `restore logs`. */
export function createRestoreLogsCommand(ctx: CliContext): Command {
  const command = new Command("logs").description("Get restore logs").argument("<restore>");
  addDownloadFlags(command, "1m");
  return command.action(async (name: string, options: DownloadFlagOptions) => {
    requireObjectName("restore", name);
    const clients = createVeleroClients(ctx.rest(), ctx.namespace);
    const restore = await clients.restores.get(name).catch((error: unknown) => {
      if (isNotFound(error)) throw new VeleroError("NotFound", `Restore "${name}" does not exist.`);
      throw error;
    });
    if (!RESTORE_LOG_PHASES.includes(restore.status?.phase ?? "New")) {
      throw new NotReadyError(
        `Logs for restore "${name}" are not available until it's finished processing. Please wait until the restore has a phase of Completed or Failed and try again.`,
      );
    }
    const download = await downloadOptionsFor(
      ctx,
      clients,
      { kind: "RestoreLog", name, locationName: await restoreLocation(clients, restore) },
      options,
    );
    await pipeText(await openDownload(download), ctx.io.stdout);
  });
}
