// The VolumeSnapshotLocation kind (velero.io/v1): where native volume snapshots are taken.
import { secretKeySelectorSchema, type SecretKeySelector } from "./meta.js";
import { resourceSchema, type VeleroObject } from "./object.js";
import { enumOf, mapOf, objectOf, optional, required, str } from "./schema/dsl.js";

/** VolumeSnapshotLocation phases. */
export const VOLUME_SNAPSHOT_LOCATION_PHASES = ["Available", "Unavailable"] as const;
/** A VolumeSnapshotLocation's `status.phase`. */
export type VolumeSnapshotLocationPhase = (typeof VOLUME_SNAPSHOT_LOCATION_PHASES)[number];

/** A volume snapshotter provider, its config keys and credentials. */
export interface VolumeSnapshotLocationSpec {
  provider: string;
  config?: Record<string, string>;
  credential?: SecretKeySelector;
}

/** What the server records about a snapshot location. */
export interface VolumeSnapshotLocationStatus {
  phase?: VolumeSnapshotLocationPhase;
}

/** A velero.io/v1 VolumeSnapshotLocation. */
export type VolumeSnapshotLocation = VeleroObject<
  "VolumeSnapshotLocation",
  "velero.io/v1",
  VolumeSnapshotLocationSpec,
  VolumeSnapshotLocationStatus
>;

/** Schema of a whole {@link VolumeSnapshotLocation}. */
export const volumeSnapshotLocationSchema = resourceSchema(
  { kind: "VolumeSnapshotLocation", apiVersion: "velero.io/v1" },
  objectOf<VolumeSnapshotLocationSpec>({
    provider: required(str(), { go: "always", description: "Volume snapshotter plugin." }),
    config: optional(mapOf(str()), { description: "Provider-specific settings." }),
    credential: optional(secretKeySelectorSchema, { go: "omitnil" }),
  }),
  objectOf<VolumeSnapshotLocationStatus>({
    phase: optional(enumOf(VOLUME_SNAPSHOT_LOCATION_PHASES)),
  }),
);
