// The VolumeSnapshotLocation `snapshot-location create` submits, as Velero's CLI builds it.
import type { VolumeSnapshotLocation } from "../../../lib/api/index.js";
import { UsageError } from "../../errors.js";
import {
  checkVolumeSnapshotProvider,
  credentialSelector,
} from "../backup-location/provider-config.js";

/** The parsed `snapshot-location create` flags. */
export interface SnapshotLocationOptions {
  readonly provider?: string;
  readonly config?: Record<string, string>;
  readonly credential?: Record<string, string>;
  readonly labels?: Record<string, string>;
}

/** Velero's checks: a provider (one this project knows) and at most one credential pair. */
export function validateSnapshotLocationOptions(options: SnapshotLocationOptions): void {
  if (options.provider === undefined || options.provider === "") {
    throw new UsageError("--provider is required");
  }
  checkVolumeSnapshotProvider(options.provider);
  credentialSelector(options.credential);
}

/** The VolumeSnapshotLocation the flags describe. */
export function buildVolumeSnapshotLocation(input: {
  readonly namespace: string;
  readonly name: string;
  readonly options: SnapshotLocationOptions;
}): VolumeSnapshotLocation {
  const { options } = input;
  const location: VolumeSnapshotLocation = {
    apiVersion: "velero.io/v1",
    kind: "VolumeSnapshotLocation",
    metadata: { namespace: input.namespace, name: input.name },
    spec: { provider: options.provider ?? "" },
  };
  if (options.labels !== undefined && Object.keys(options.labels).length > 0) {
    location.metadata.labels = options.labels;
  }
  if (options.config !== undefined && Object.keys(options.config).length > 0) {
    location.spec.config = options.config;
  }
  const credential = credentialSelector(options.credential);
  if (credential !== undefined) location.spec.credential = credential;
  return location;
}
