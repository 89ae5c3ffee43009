// `backup-location set NAME [--default[=bool]] [--credential s=k] [--cacert FILE]`: changes a
// location in place; making it the default clears the previous default first (Velero's order).
import { Command, Option } from "commander";
import { type BackupStorageLocation } from "../../../lib/api/index.js";
import { createVeleroClients, type VeleroClients } from "../../../lib/kube/index.js";
import type { CliContext } from "../../cli-context.js";
import { requireObjectName } from "../../flags/resource-name.js";
import { credentialSelector } from "./provider-config.js";
import { caCertOption, credentialOption, readCaCert } from "./create.js";

/** Options of `backup-location set`. */
export interface LocationSetOptions {
  readonly default?: boolean;
  readonly credential?: Record<string, string>;
  readonly cacert?: string;
}

/**
 * The location after `set`: as Velero, `default` is always written (a bare `set NAME` clears
 * it) and the CA bundle is replaced by the file's (none when `--cacert` is absent).
 */
export function applyLocationSet(
  location: BackupStorageLocation,
  options: LocationSetOptions,
  caCertPem: Buffer | undefined,
): BackupStorageLocation {
  const spec = { ...location.spec, objectStorage: { ...location.spec.objectStorage } };
  spec.default = options.default === true;
  if (caCertPem === undefined) delete spec.objectStorage.caCert;
  else spec.objectStorage.caCert = caCertPem.toString("base64");
  const credential = credentialSelector(options.credential);
  if (credential !== undefined) spec.credential = credential;
  return { ...location, spec };
}

/** Builds `backup-location set`. */
export function createBackupLocationSetCommand(ctx: CliContext): Command {
  return new Command("set")
    .description("Set the default flag, credential or CA bundle of a backup storage location")
    .argument("<name>")
    .addOption(new Option("--default", "make this location the default one"))
    .addOption(credentialOption())
    .addOption(caCertOption())
    .action(async (locationName: string, options: LocationSetOptions) => {
      requireObjectName("backup storage location", locationName);
      credentialSelector(options.credential);
      const caCertPem = await readCaCert(options.cacert);
      const clients = createVeleroClients(ctx.rest(), ctx.namespace);
      const location = await clients.backupStorageLocations.get(locationName);
      if (options.default === true) await clearOtherDefault(clients, locationName);
      await clients.backupStorageLocations.replace(applyLocationSet(location, options, caCertPem));
      ctx.print(`Backup storage location "${locationName}" configured successfully.`);
    });
}

async function clearOtherDefault(clients: VeleroClients, name: string): Promise<void> {
  const locations = await clients.backupStorageLocations.list();
  const current = locations.find((l) => l.spec.default === true);
  if (current === undefined || current.metadata.name === name) return;
  await clients.backupStorageLocations.replace({
    ...current,
    spec: { ...current.spec, default: false },
  });
}
