// Uploads one backup in an order that never lets a partial backup look complete: the
// tarball (streamed while written), the log, the side files, and velero-backup.json last.
import { Readable } from "node:stream";
import { errorMessage, InvalidInputError } from "../errors.js";
import type { Logger } from "../log.js";
import type { ObjectBody, ObjectStore } from "../storage/index.js";
import type { BackupDetails, BackupUpload } from "./backup-store.js";
import { BackupUploadError } from "./errors.js";
import type { BackupStoreLayout } from "./layout.js";
import {
  backupOperationsCodec,
  backupVolumeInfosCodec,
  kubeObjectsCodec,
  resourceListCodec,
  resultsCodec,
  volumeSnapshotsCodec,
  type SideFileCodec,
} from "./side-file-codec.js";
import { deleteKeys, putGzipped, putSideFile } from "./side-file-io.js";

/** Dependencies of {@link StreamedBackupUpload}. */
export interface BackupUploadDeps {
  readonly store: ObjectStore;
  readonly layout: BackupStoreLayout;
  readonly logger: Logger;
}

const noResults = { errors: {}, warnings: {} };

/** The {@link BackupUpload} of one backup; see its contract. */
export class StreamedBackupUpload implements BackupUpload {
  readonly name: string;
  readonly #deps: BackupUploadDeps;
  /** Keys written (or possibly partly written) so far, deleted again on failure. */
  readonly #written = new Set<string>();
  #hasContents = false;

  constructor(deps: BackupUploadDeps, name: string) {
    this.#deps = deps;
    this.name = name;
    deps.layout.backupDir(name);
  }

  uploadContents(contents: ObjectBody): Promise<void> {
    const upload = this.#uploadContents(contents);
    upload.catch(() => undefined);
    return upload;
  }

  async #uploadContents(contents: ObjectBody): Promise<void> {
    const key = this.#deps.layout.backupContentsKey(this.name);
    this.#written.add(key);
    try {
      await this.#deps.store.put(key, contents);
      this.#hasContents = true;
    } catch (error) {
      if (contents instanceof Readable) stopStream(contents, error);
      await this.#fail(error);
    }
  }

  async complete(details: BackupDetails): Promise<void> {
    const { store, layout } = this.#deps;
    const name = this.name;
    if (!this.#hasContents) {
      throw new InvalidInputError(`backup "${name}": complete() needs the uploaded contents first`);
    }
    await this.#putLog(details.log);
    const sideFiles = [
      this.#sideFile(
        layout.podVolumeBackupsKey(name),
        kubeObjectsCodec,
        details.podVolumeBackups ?? [],
      ),
      this.#sideFile(
        layout.backupVolumeSnapshotsKey(name),
        volumeSnapshotsCodec,
        details.volumeSnapshots ?? [],
      ),
      this.#sideFile(
        layout.backupItemOperationsKey(name),
        backupOperationsCodec,
        details.itemOperations ?? [],
      ),
      this.#sideFile(
        layout.backupResourceListKey(name),
        resourceListCodec,
        details.resourceList ?? {},
      ),
      this.#sideFile(layout.backupResultsKey(name), resultsCodec, details.results ?? noResults),
      this.#sideFile(
        layout.backupVolumeInfoKey(name),
        backupVolumeInfosCodec,
        details.volumeInfos ?? [],
      ),
    ];
    const failure = (await Promise.allSettled(sideFiles)).find((r) => r.status === "rejected");
    if (failure !== undefined) await this.#fail(failure.reason);
    const metadataKey = layout.backupMetadataKey(name);
    await this.#put(metadataKey, () => store.put(metadataKey, details.metadataJson)).catch(
      (error: unknown) => this.#fail(error),
    );
  }

  async abort(): Promise<void> {
    this.#written.add(this.#deps.layout.backupLogKey(this.name));
    const errors = await deleteKeys(this.#deps.store, this.#written);
    if (errors.length > 0) throw new BackupUploadError(this.name, errors[0], errors);
  }

  /** Best effort: a failure is logged and the backup goes on, as in Velero. */
  async #putLog(log: ObjectBody | undefined): Promise<void> {
    if (log === undefined) return;
    try {
      await putGzipped(this.#deps.store, this.#deps.layout.backupLogKey(this.name), log);
    } catch (error) {
      this.#deps.logger.error("Error uploading log file", {
        backup: this.name,
        error: errorMessage(error),
      });
    }
  }

  #put(key: string, write: () => Promise<void>): Promise<void> {
    this.#written.add(key);
    return write();
  }

  #sideFile<T>(key: string, codec: SideFileCodec<T>, value: T): Promise<void> {
    return this.#put(key, () => putSideFile(this.#deps.store, key, codec, value));
  }

  /** Deletes everything written but the log and throws `BackupUploadError` for `cause`. */
  async #fail(cause: unknown): Promise<never> {
    const keys = [...this.#written].filter((k) => k !== this.#deps.layout.backupLogKey(this.name));
    const cleanupErrors = await deleteKeys(this.#deps.store, keys);
    throw new BackupUploadError(this.name, cause, cleanupErrors);
  }
}

/** Fails the body so its producer stops, without an unhandled `error` event. */
function stopStream(stream: Readable, error: unknown): void {
  stream.on("error", () => undefined);
  stream.destroy(error instanceof Error ? error : new Error(String(error)));
}
