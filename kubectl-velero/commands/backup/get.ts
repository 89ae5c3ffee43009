// `backup get [NAMES] [-l SELECTOR]`: a table (Velero's columns and order) or json/yaml.
import { Command } from "commander";
import { backupSchema } from "../../../lib/api/index.js";
import { createVeleroClients } from "../../../lib/kube/index.js";
import type { CliContext } from "../../cli-context.js";
import { addOutputFlags, labelColumnsOf, type OutputOptions } from "../../flags/output-flags.js";
import {
  addSelectorFlag,
  selectObjects,
  throwAggregate,
  type SelectionOptions,
} from "../../flags/selection.js";
import { renderBackupTable } from "../../output/backup-table.js";
import { formatVeleroObjects } from "../../output/format.js";

/** Options of `backup get`. */
export type BackupGetOptions = OutputOptions & SelectionOptions;

/** Builds `backup get` (also `get backups`). */
export function createBackupGetCommand(ctx: CliContext, name = "get"): Command {
  const command = new Command(name).description("Get backups").argument("[names...]");
  addSelectorFlag(command);
  addOutputFlags(command, "table");
  return command.action(async (names: string[], options: BackupGetOptions) => {
    const clients = createVeleroClients(ctx.rest(), ctx.namespace);
    const selected = await selectObjects(clients.backups, names, options.selector);
    throwAggregate(selected.errors);
    const format = options.output ?? "table";
    ctx.io.stdout.write(
      format === "table"
        ? renderBackupTable(selected.items, ctx.clock.now(), labelColumnsOf(options))
        : formatVeleroObjects(selected.items, format, {
            schema: backupSchema,
            listKind: "BackupList",
          }),
    );
  });
}
