// `backup logs BACKUP`: the backup's log from the bucket, through a DownloadRequest, once the
// backup has finished processing (Velero's phase rule and message).
import { StringDecoder } from "node:string_decoder";
import { Command } from "commander";
import type { BackupPhase } from "../../../lib/api/index.js";
import { VeleroError } from "../../../lib/errors.js";
import { createVeleroClients, isNotFound } from "../../../lib/kube/index.js";
import type { CliContext, TextSink } from "../../cli-context.js";
import { openDownload } from "../../download/download-request-client.js";
import {
  addDownloadFlags,
  downloadOptionsFor,
  type DownloadFlagOptions,
} from "../../download/download-flags.js";
import { requireObjectName } from "../../flags/resource-name.js";

/** Phases in which a backup's log exists in the bucket. */
export const BACKUP_LOG_PHASES: readonly BackupPhase[] = [
  "Completed",
  "PartiallyFailed",
  "Failed",
  "WaitingForPluginOperations",
  "WaitingForPluginOperationsPartiallyFailed",
];

/** The operation is not in a state that allows what was asked. */
export class NotReadyError extends VeleroError {
  constructor(message: string) {
    super("NotReady", message);
  }
}

/** Copies a byte stream to a text sink without splitting multi-byte characters. */
export async function pipeText(stream: AsyncIterable<unknown>, sink: TextSink): Promise<void> {
  const decoder = new StringDecoder("utf8");
  for await (const chunk of stream) sink.write(decoder.write(chunk as Buffer));
  const rest = decoder.end();
  if (rest !== "") sink.write(rest);
}

/** Builds `backup logs`. */
export function createBackupLogsCommand(ctx: CliContext): Command {
  const command = new Command("logs").description("Get backup logs").argument("<backup>");
  addDownloadFlags(command, "1m");
  return command.action(async (name: string, options: DownloadFlagOptions) => {
    requireObjectName("backup", name);
    const clients = createVeleroClients(ctx.rest(), ctx.namespace);
    const backup = await clients.backups.get(name).catch((error: unknown) => {
      if (isNotFound(error)) throw new VeleroError("NotFound", `backup "${name}" does not exist`);
      throw error;
    });
    if (!BACKUP_LOG_PHASES.includes(backup.status?.phase ?? "New")) {
      throw new NotReadyError(
        `logs for backup "${name}" are not available until it's finished processing, please wait until the backup has a phase of Completed or Failed and try again`,
      );
    }
    const download = await downloadOptionsFor(
      ctx,
      clients,
      { kind: "BackupLog", name, locationName: backup.spec.storageLocation },
      options,
    );
    await pipeText(await openDownload(download), ctx.io.stdout);
  });
}
