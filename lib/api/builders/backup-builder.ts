// Fluent builder of Backup objects for tests and for commands that create backups.
import type { Backup, BackupPhase, BackupResourceHookSpec } from "../backup.js";
import type { LabelSelector } from "../meta.js";
import { ObjectBuilder, toTime, type TimeInput } from "./object-builder.js";

/** Builds a Backup: `new BackupBuilder("velero", "b1").includedNamespaces("app").build()`. */
export class BackupBuilder extends ObjectBuilder<Backup> {
  constructor(namespace: string, name: string) {
    super({ apiVersion: "velero.io/v1", kind: "Backup", metadata: { namespace, name }, spec: {} });
  }

  /** Sets `spec.includedNamespaces`. */
  includedNamespaces(...namespaces: string[]): this {
    return this.spec({ includedNamespaces: namespaces });
  }

  /** Sets `spec.excludedNamespaces`. */
  excludedNamespaces(...namespaces: string[]): this {
    return this.spec({ excludedNamespaces: namespaces });
  }

  /** Sets `spec.includedResources`. */
  includedResources(...resources: string[]): this {
    return this.spec({ includedResources: resources });
  }

  /** Sets `spec.excludedResources`. */
  excludedResources(...resources: string[]): this {
    return this.spec({ excludedResources: resources });
  }

  /** Sets `spec.labelSelector`. */
  labelSelector(selector: LabelSelector): this {
    return this.spec({ labelSelector: selector });
  }

  /** Sets `spec.ttl` (a Go duration such as `"24h0m0s"`). */
  ttl(duration: string): this {
    return this.spec({ ttl: duration });
  }

  /** Sets `spec.storageLocation`. */
  storageLocation(name: string): this {
    return this.spec({ storageLocation: name });
  }

  /** Sets `spec.volumeSnapshotLocations`. */
  volumeSnapshotLocations(...names: string[]): this {
    return this.spec({ volumeSnapshotLocations: names });
  }

  /** Sets `spec.snapshotVolumes`. */
  snapshotVolumes(value: boolean): this {
    return this.spec({ snapshotVolumes: value });
  }

  /** Sets `spec.defaultVolumesToFsBackup`. */
  defaultVolumesToFsBackup(value: boolean): this {
    return this.spec({ defaultVolumesToFsBackup: value });
  }

  /** Appends a hook spec to `spec.hooks.resources`. */
  hook(hook: BackupResourceHookSpec): this {
    const resources = [...(this.object.spec.hooks?.resources ?? []), hook];
    return this.spec({ hooks: { resources } });
  }

  /** Sets `status.phase`. */
  phase(phase: BackupPhase): this {
    return this.status({ phase });
  }

  /** Sets `status.expiration`. */
  expiration(value: TimeInput): this {
    return this.status({ expiration: toTime(value) });
  }

  /** Sets `status.startTimestamp`. */
  startTimestamp(value: TimeInput): this {
    return this.status({ startTimestamp: toTime(value) });
  }

  /** Sets `status.completionTimestamp`. */
  completionTimestamp(value: TimeInput): this {
    return this.status({ completionTimestamp: toTime(value) });
  }
}
