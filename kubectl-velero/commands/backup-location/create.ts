// `backup-location create NAME`: Velero's flags and checks; one default location at most; `-o`
// prints the location without submitting it.
import { readFile } from "node:fs/promises";
import { Command, Option } from "commander";
import { backupStorageLocationSchema, type BackupStorageLocation } from "../../../lib/api/index.js";
import { createVeleroClients, type VeleroClients } from "../../../lib/kube/index.js";
import { InvalidInputError, VeleroError } from "../../../lib/errors.js";
import type { CliContext } from "../../cli-context.js";
import { parseDurationFlag } from "../../flags/duration.js";
import { addOutputFlags, labelColumnsOf, type OutputOptions } from "../../flags/output-flags.js";
import { requireObjectName } from "../../flags/resource-name.js";
import { parseKeyValueMap } from "../../flags/string-list.js";
import { formatVeleroObjects, toGoObject } from "../../output/format.js";
import { renderBackupLocationTable } from "../../output/resource-tables.js";
import {
  accessModeOption,
  buildBackupStorageLocation,
  validateLocationOptions,
  type LocationOptions,
} from "./build-location.js";

/** Options of `backup-location create` as commander parses them. */
export type LocationCreateOptions = Omit<LocationOptions, "caCertPem"> &
  OutputOptions & { readonly cacert?: string };

/** Adds `--credential secret=key` (shared with `set`). */
export function credentialOption(): Option {
  return new Option(
    "--credential <secret=key>",
    "the Secret name and the key in it holding this location's credentials (one pair)",
  ).argParser(parseKeyValueMap);
}

/** Adds `--cacert FILE` (shared with `set`). */
export function caCertOption(): Option {
  return new Option(
    "--cacert <file>",
    "file with a certificate bundle to verify TLS connections to the object store",
  );
}

/** Reads the `--cacert` file, naming it when it cannot be read. */
export async function readCaCert(path: string | undefined): Promise<Buffer | undefined> {
  if (path === undefined) return undefined;
  try {
    return await readFile(path);
  } catch (error) {
    throw new InvalidInputError(`cannot read --cacert file "${path}"`, { cause: error });
  }
}

/** Builds `backup-location create` (also `create backup-location`). */
export function createBackupLocationCreateCommand(ctx: CliContext, name = "create"): Command {
  const command = new Command(name)
    .description("Create a backup storage location")
    .argument("<name>")
    .option("--provider <name>", "object storage provider: aws, azure, gcp or filesystem")
    .option("--bucket <name>", "the bucket backups are stored in")
    .option("--prefix <prefix>", "the folder inside the bucket for all Velero data")
    .addOption(
      new Option("--config <k=v,...>", "provider configuration key-value pairs").argParser(
        parseKeyValueMap,
      ),
    )
    .addOption(credentialOption())
    .option("--default", "make this the default backup storage location")
    .addOption(accessModeOption())
    .addOption(
      new Option(
        "--backup-sync-period <duration>",
        "how often to sync backups from the bucket into the cluster (0s disables sync)",
      ).argParser(parseDurationFlag),
    )
    .addOption(
      new Option(
        "--validation-frequency <duration>",
        "how often to validate the location (0s validates only once)",
      ).argParser(parseDurationFlag),
    )
    .addOption(
      new Option("--labels <k=v,...>", "labels for the location").argParser(parseKeyValueMap),
    )
    .addOption(caCertOption());
  addOutputFlags(command);
  return command.action(async (locationName: string, options: LocationCreateOptions) => {
    requireObjectName("backup storage location", locationName);
    validateLocationOptions(options);
    const location = buildBackupStorageLocation({
      namespace: ctx.namespace,
      name: locationName,
      options: { ...options, caCertPem: await readCaCert(options.cacert) },
    });
    if (options.output !== undefined) {
      ctx.io.stdout.write(printLocation(location, options));
      return;
    }
    const clients = createVeleroClients(ctx.rest(), ctx.namespace);
    if (options.default === true) await refuseSecondDefault(clients);
    await clients.backupStorageLocations.create(toGoObject(backupStorageLocationSchema, location));
    ctx.print(`Backup storage location "${locationName}" configured successfully.`);
  });
}

/** Velero's rule: `--default` is refused while another location is the default. */
async function refuseSecondDefault(clients: VeleroClients): Promise<void> {
  const locations = await clients.backupStorageLocations.list();
  const current = locations.find((l) => l.spec.default === true);
  if (current === undefined) return;
  throw new VeleroError(
    "DefaultLocationExists",
    `there is already a default backup storage location ("${current.metadata.name ?? ""}"); only one is allowed (use "backup-location set NAME --default" to change it)`,
  );
}

function printLocation(location: BackupStorageLocation, options: LocationCreateOptions): string {
  return options.output === "table"
    ? renderBackupLocationTable([location], labelColumnsOf(options))
    : formatVeleroObjects([location], options.output ?? "yaml", {
        schema: backupStorageLocationSchema,
        listKind: "BackupStorageLocationList",
      });
}
