// `snapshot-location set NAME --credential secret=key`: changes a location's credential.
import { Command } from "commander";
import type { VolumeSnapshotLocation } from "../../../lib/api/index.js";
import { createVeleroClients } from "../../../lib/kube/index.js";
import type { CliContext } from "../../cli-context.js";
import { requireObjectName } from "../../flags/resource-name.js";
import { credentialOption } from "../backup-location/create.js";
import { credentialSelector } from "../backup-location/provider-config.js";

/** The location with the credential of `--credential` (unchanged without it). */
export function applySnapshotLocationSet(
  location: VolumeSnapshotLocation,
  credential: Readonly<Record<string, string>> | undefined,
): VolumeSnapshotLocation {
  const selector = credentialSelector(credential);
  return selector === undefined
    ? location
    : { ...location, spec: { ...location.spec, credential: selector } };
}

/** Builds `snapshot-location set`. */
export function createSnapshotLocationSetCommand(ctx: CliContext): Command {
  return new Command("set")
    .description("Set the credential of a volume snapshot location")
    .argument("<name>")
    .addOption(credentialOption())
    .action(async (locationName: string, options: { credential?: Record<string, string> }) => {
      requireObjectName("volume snapshot location", locationName);
      credentialSelector(options.credential);
      const clients = createVeleroClients(ctx.rest(), ctx.namespace);
      const location = await clients.volumeSnapshotLocations.get(locationName);
      await clients.volumeSnapshotLocations.replace(
        applySnapshotLocationSet(location, options.credential),
      );
      ctx.print(`Snapshot volume location "${locationName}" configured successfully.`);
    });
}
