// `snapshot-location create NAME --provider P`: Velero's flags; `-o` prints without submitting.
import { Command, Option } from "commander";
import {
  volumeSnapshotLocationSchema,
  type VolumeSnapshotLocation,
} from "../../../lib/api/index.js";
import { createVeleroClients } from "../../../lib/kube/index.js";
import type { CliContext } from "../../cli-context.js";
import { addOutputFlags, labelColumnsOf, type OutputOptions } from "../../flags/output-flags.js";
import { requireObjectName } from "../../flags/resource-name.js";
import { parseKeyValueMap } from "../../flags/string-list.js";
import { formatVeleroObjects, toGoObject } from "../../output/format.js";
import { renderSnapshotLocationTable } from "../../output/resource-tables.js";
import { credentialOption } from "../backup-location/create.js";
import {
  buildVolumeSnapshotLocation,
  validateSnapshotLocationOptions,
  type SnapshotLocationOptions,
} from "./build-snapshot-location.js";

/** Options of `snapshot-location create`. */
export type SnapshotLocationCreateOptions = SnapshotLocationOptions & OutputOptions;

/** Builds `snapshot-location create` (also `create snapshot-location`). */
export function createSnapshotLocationCreateCommand(ctx: CliContext, name = "create"): Command {
  const command = new Command(name)
    .description("Create a volume snapshot location")
    .argument("<name>")
    .option("--provider <name>", "volume snapshot provider: aws, azure or gcp")
    .addOption(
      new Option("--config <k=v,...>", "provider configuration key-value pairs").argParser(
        parseKeyValueMap,
      ),
    )
    .addOption(credentialOption())
    .addOption(
      new Option("--labels <k=v,...>", "labels for the location").argParser(parseKeyValueMap),
    );
  addOutputFlags(command);
  return command.action(async (locationName: string, options: SnapshotLocationCreateOptions) => {
    requireObjectName("volume snapshot location", locationName);
    validateSnapshotLocationOptions(options);
    const location = buildVolumeSnapshotLocation({
      namespace: ctx.namespace,
      name: locationName,
      options,
    });
    if (options.output !== undefined) {
      ctx.io.stdout.write(printLocation(location, options));
      return;
    }
    const clients = createVeleroClients(ctx.rest(), ctx.namespace);
    await clients.volumeSnapshotLocations.create(
      toGoObject(volumeSnapshotLocationSchema, location),
    );
    ctx.print(`Snapshot volume location "${locationName}" configured successfully.`);
  });
}

function printLocation(
  location: VolumeSnapshotLocation,
  options: SnapshotLocationCreateOptions,
): string {
  return options.output === "table"
    ? renderSnapshotLocationTable([location], labelColumnsOf(options))
    : formatVeleroObjects([location], options.output ?? "yaml", {
        schema: volumeSnapshotLocationSchema,
        listKind: "VolumeSnapshotLocationList",
      });
}
