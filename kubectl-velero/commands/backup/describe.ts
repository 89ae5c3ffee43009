// `backup describe [NAMES] [-l SELECTOR] [--details] [-o plaintext|json]`: Velero's description
// of each backup, with side files read from the bucket through DownloadRequests.
import { Command, InvalidArgumentError, Option } from "commander";
import {
  BACKUP_NAME_LABEL,
  BACKUP_UID_LABEL,
  getValidLabelValue,
  type Backup,
} from "../../../lib/api/index.js";
import { errorMessage } from "../../../lib/errors.js";
import { createVeleroClients, type VeleroClients } from "../../../lib/kube/index.js";
import type { CliContext } from "../../cli-context.js";
import {
  addDownloadFlags,
  sideFileFetcher,
  type DownloadFlagOptions,
} from "../../download/download-flags.js";
import {
  addSelectorFlag,
  selectObjects,
  throwAggregate,
  type SelectionOptions,
} from "../../flags/selection.js";
import {
  loadBackupDescription,
  type BackupRelatedObjects,
} from "../../output/backup-description.js";
import { renderBackupDescriptionJson } from "../../output/describe-backup-json.js";
import { renderBackupDescription } from "../../output/describe-backup.js";

/** Velero's timeout for each side file `describe` reads. */
export const DESCRIBE_DOWNLOAD_TIMEOUT_MS = 30_000;

/** Options of `backup describe`. */
export interface BackupDescribeOptions extends SelectionOptions, DownloadFlagOptions {
  readonly details?: boolean;
  readonly output?: "plaintext" | "json";
}

/** Commander parser for describe's `-o plaintext|json`. */
export function parseDescribeFormat(value: string): "plaintext" | "json" {
  if (value === "plaintext" || value === "json") return value;
  throw new InvalidArgumentError(
    `invalid output format '${value}'. valid value are 'plaintext, json'`,
  );
}

/** Builds `backup describe` (also `describe backups`). */
export function createBackupDescribeCommand(ctx: CliContext, name = "describe"): Command {
  const command = new Command(name).description("Describe backups").argument("[names...]");
  addSelectorFlag(command);
  command.addOption(new Option("--details", "display additional detail in the command output"));
  addDownloadFlags(command);
  command.addOption(
    new Option("-o, --output <format>", "plaintext or json (json only applies to a single backup)")
      .argParser(parseDescribeFormat)
      .default("plaintext"),
  );
  return command.action(async (names: string[], options: BackupDescribeOptions) => {
    const clients = createVeleroClients(ctx.rest(), ctx.namespace);
    const selected = await selectObjects(clients.backups, names, options.selector);
    throwAggregate(selected.errors);
    const json = options.output === "json" && selected.items.length === 1;
    const texts: string[] = [];
    for (const backup of selected.items) {
      const data = await loadBackupDescription(backup, await relatedObjects(ctx, clients, backup), {
        details: options.details === true,
        fetch: sideFileFetcher(
          ctx,
          clients,
          {
            name: backup.metadata.name ?? "",
            locationName: () => Promise.resolve(backup.spec.storageLocation),
          },
          { ...options, timeoutMs: DESCRIBE_DOWNLOAD_TIMEOUT_MS },
        ),
      });
      texts.push(json ? renderBackupDescriptionJson(data) : renderBackupDescription(data));
    }
    ctx.io.stdout.write(texts.join("\n\n"));
  });
}

async function relatedObjects(
  ctx: CliContext,
  clients: VeleroClients,
  backup: Backup,
): Promise<BackupRelatedObjects> {
  const name = getValidLabelValue(backup.metadata.name ?? "");
  const warn = (what: string) => (error: unknown) => {
    ctx.io.stderr.write(
      `error getting ${what} for backup ${backup.metadata.name ?? ""}: ${errorMessage(error)}\n`,
    );
    return [];
  };
  return {
    deleteRequests: await clients.deleteBackupRequests
      .list(`${BACKUP_NAME_LABEL}=${name},${BACKUP_UID_LABEL}=${backup.metadata.uid ?? ""}`)
      .catch(warn("DeleteBackupRequests")),
    podVolumeBackups: await clients.podVolumeBackups
      .list(`${BACKUP_NAME_LABEL}=${name}`)
      .catch(warn("PodVolumeBackups")),
  };
}
