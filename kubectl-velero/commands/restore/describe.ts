// `restore describe [NAMES] [-l SELECTOR] [--details]`: Velero's description of each restore.
import { Command, Option } from "commander";
import { RESTORE_NAME_LABEL, getValidLabelValue, type Restore } from "../../../lib/api/index.js";
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
import { renderRestoreDescription } from "../../output/describe-restore.js";
import { loadRestoreDescription } from "../../output/restore-description.js";
import { DESCRIBE_DOWNLOAD_TIMEOUT_MS } from "../backup/describe.js";

/** Options of `restore describe`. */
export interface RestoreDescribeOptions extends SelectionOptions, DownloadFlagOptions {
  readonly details?: boolean;
}

/** Builds `restore describe` (also `describe restores`). */
export function createRestoreDescribeCommand(ctx: CliContext, name = "describe"): Command {
  const command = new Command(name).description("Describe restores").argument("[names...]");
  addSelectorFlag(command);
  command.addOption(new Option("--details", "display additional detail in the command output"));
  addDownloadFlags(command);
  return command.action(async (names: string[], options: RestoreDescribeOptions) => {
    const clients = createVeleroClients(ctx.rest(), ctx.namespace);
    const selected = await selectObjects(clients.restores, names, options.selector);
    throwAggregate(selected.errors);
    const texts: string[] = [];
    for (const restore of selected.items) {
      const data = await loadRestoreDescription(
        restore,
        await podVolumeRestores(ctx, clients, restore),
        {
          details: options.details === true,
          fetch: sideFileFetcher(
            ctx,
            clients,
            {
              name: restore.metadata.name ?? "",
              locationName: () => restoreLocation(clients, restore),
            },
            { ...options, timeoutMs: DESCRIBE_DOWNLOAD_TIMEOUT_MS },
          ),
        },
      );
      texts.push(renderRestoreDescription(data));
    }
    ctx.io.stdout.write(texts.join("\n\n"));
  });
}

async function podVolumeRestores(ctx: CliContext, clients: VeleroClients, restore: Restore) {
  const name = restore.metadata.name ?? "";
  return clients.podVolumeRestores
    .list(`${RESTORE_NAME_LABEL}=${getValidLabelValue(name)}`)
    .catch((error: unknown) => {
      ctx.io.stderr.write(
        `error getting PodVolumeRestores for restore ${name}: ${errorMessage(error)}\n`,
      );
      return [];
    });
}

/** The storage location of the restore's backup (none when the backup is gone). */
export async function restoreLocation(
  clients: VeleroClients,
  restore: Restore,
): Promise<string | undefined> {
  const backup = restore.spec.backupName;
  if (backup === undefined || backup === "") return undefined;
  return clients.backups.get(backup).then(
    (b) => b.spec.storageLocation,
    () => undefined,
  );
}
