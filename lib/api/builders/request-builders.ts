// Fluent builders of the request kinds: DeleteBackupRequest, DownloadRequest, ServerStatusRequest.
import type { DeleteBackupRequest } from "../delete-backup-request.js";
import type { DownloadRequest, DownloadTargetKind } from "../download-request.js";
import type { ServerStatusRequest } from "../server-status-request.js";
import { ObjectBuilder } from "./object-builder.js";

/** Builds a DeleteBackupRequest for `backupName`. */
export class DeleteBackupRequestBuilder extends ObjectBuilder<DeleteBackupRequest> {
  constructor(namespace: string, name: string, backupName: string) {
    super({
      apiVersion: "velero.io/v1",
      kind: "DeleteBackupRequest",
      metadata: { namespace, name },
      spec: { backupName },
    });
  }
}

/** Builds a DownloadRequest for one file of a backup or restore. */
export class DownloadRequestBuilder extends ObjectBuilder<DownloadRequest> {
  constructor(namespace: string, name: string) {
    super({
      apiVersion: "velero.io/v1",
      kind: "DownloadRequest",
      metadata: { namespace, name },
      spec: { target: { kind: "BackupLog", name: "" } },
    });
  }

  /** Sets `spec.target`. */
  target(kind: DownloadTargetKind, name: string): this {
    return this.spec({ target: { kind, name } });
  }
}

/** Builds a ServerStatusRequest. */
export class ServerStatusRequestBuilder extends ObjectBuilder<ServerStatusRequest> {
  constructor(namespace: string, name: string) {
    super({
      apiVersion: "velero.io/v1",
      kind: "ServerStatusRequest",
      metadata: { namespace, name },
      spec: {},
    });
  }
}
