// `snapshot-location get [NAMES] [-l SELECTOR]`: a table or json/yaml.
import { Command } from "commander";
import { volumeSnapshotLocationSchema } from "../../../lib/api/index.js";
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
import { renderSnapshotLocationTable } from "../../output/resource-tables.js";

/** Builds `snapshot-location get` (also `get snapshot-locations`). */
export function createSnapshotLocationGetCommand(ctx: CliContext, name = "get"): Command {
  const command = new Command(name)
    .description("Get volume snapshot locations")
    .argument("[names...]");
  addSelectorFlag(command);
  addOutputFlags(command, "table");
  return command.action(async (names: string[], options: OutputOptions & SelectionOptions) => {
    const clients = createVeleroClients(ctx.rest(), ctx.namespace);
    const selected = await selectObjects(clients.volumeSnapshotLocations, names, options.selector);
    throwAggregate(selected.errors);
    const format = options.output ?? "table";
    ctx.io.stdout.write(
      format === "table"
        ? renderSnapshotLocationTable(selected.items, labelColumnsOf(options))
        : formatVeleroObjects(selected.items, format, {
            schema: volumeSnapshotLocationSchema,
            listKind: "VolumeSnapshotLocationList",
          }),
    );
  });
}
