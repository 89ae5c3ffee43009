// `backup-location get [NAMES] [-l SELECTOR] [--default]`: a table or json/yaml.
import { Command } from "commander";
import { backupStorageLocationSchema, type BackupStorageLocation } from "../../../lib/api/index.js";
import { createVeleroClients } from "../../../lib/kube/index.js";
import type { CliContext } from "../../cli-context.js";
import { addOutputFlags, labelColumnsOf, type OutputOptions } from "../../flags/output-flags.js";
import {
  addSelectorFlag,
  selectObjects,
  throwAggregate,
  type SelectionOptions,
} from "../../flags/selection.js";
import { formatVeleroObjects } from "../../output/format.js";
import { renderBackupLocationTable } from "../../output/resource-tables.js";

/** Options of `backup-location get`. */
export type LocationGetOptions = OutputOptions & SelectionOptions & { readonly default?: boolean };

/** With `--default`, only the default location (none is not an error, as in Velero). */
export function filterDefault(
  locations: readonly BackupStorageLocation[],
  onlyDefault: boolean,
): BackupStorageLocation[] {
  return onlyDefault ? locations.filter((l) => l.spec.default === true) : [...locations];
}

/** Builds `backup-location get` (also `get backup-locations`). */
export function createBackupLocationGetCommand(ctx: CliContext, name = "get"): Command {
  const command = new Command(name)
    .description("Get backup storage locations")
    .argument("[names...]")
    .option("--default", "only show the default backup storage location");
  addSelectorFlag(command);
  addOutputFlags(command, "table");
  return command.action(async (names: string[], options: LocationGetOptions) => {
    const clients = createVeleroClients(ctx.rest(), ctx.namespace);
    const selected = await selectObjects(clients.backupStorageLocations, names, options.selector);
    throwAggregate(selected.errors);
    const items = filterDefault(selected.items, options.default === true);
    const format = options.output ?? "table";
    ctx.io.stdout.write(
      format === "table"
        ? renderBackupLocationTable(items, labelColumnsOf(options))
        : formatVeleroObjects(items, format, {
            schema: backupStorageLocationSchema,
            listKind: "BackupStorageLocationList",
          }),
    );
  });
}
