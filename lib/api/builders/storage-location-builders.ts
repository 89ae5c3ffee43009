// Fluent builders of BackupStorageLocation and VolumeSnapshotLocation objects.
import type {
  BackupStorageLocation,
  BackupStorageLocationAccessMode,
  BackupStorageLocationPhase,
} from "../backup-storage-location.js";
import type { SecretKeySelector } from "../meta.js";
import type { VolumeSnapshotLocation } from "../volume-snapshot-location.js";
import { ObjectBuilder } from "./object-builder.js";

/** Builds a BackupStorageLocation; provider and bucket start empty. */
export class BackupStorageLocationBuilder extends ObjectBuilder<BackupStorageLocation> {
  constructor(namespace: string, name: string) {
    super({
      apiVersion: "velero.io/v1",
      kind: "BackupStorageLocation",
      metadata: { namespace, name },
      spec: { provider: "", objectStorage: { bucket: "" } },
    });
  }

  /** Sets `spec.provider`. */
  provider(name: string): this {
    return this.spec({ provider: name });
  }

  /** Sets `spec.objectStorage.bucket` and, when given, `prefix`. */
  bucket(bucket: string, prefix?: string): this {
    const objectStorage = { ...this.object.spec.objectStorage, bucket };
    if (prefix !== undefined) objectStorage.prefix = prefix;
    return this.spec({ objectStorage });
  }

  /** Sets `spec.config`. */
  config(config: Record<string, string>): this {
    return this.spec({ config });
  }

  /** Sets `spec.credential`. */
  credential(selector: SecretKeySelector): this {
    return this.spec({ credential: selector });
  }

  /** Sets `spec.default`. */
  isDefault(value: boolean): this {
    return this.spec({ default: value });
  }

  /** Sets `spec.accessMode`. */
  accessMode(mode: BackupStorageLocationAccessMode): this {
    return this.spec({ accessMode: mode });
  }

  /** Sets `status.phase`. */
  phase(phase: BackupStorageLocationPhase): this {
    return this.status({ phase });
  }
}

/** Builds a VolumeSnapshotLocation; the provider starts empty. */
export class VolumeSnapshotLocationBuilder extends ObjectBuilder<VolumeSnapshotLocation> {
  constructor(namespace: string, name: string) {
    super({
      apiVersion: "velero.io/v1",
      kind: "VolumeSnapshotLocation",
      metadata: { namespace, name },
      spec: { provider: "" },
    });
  }

  /** Sets `spec.provider`. */
  provider(name: string): this {
    return this.spec({ provider: name });
  }

  /** Sets `spec.config`. */
  config(config: Record<string, string>): this {
    return this.spec({ config });
  }
}
