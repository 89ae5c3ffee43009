// Asking an agent to sync a location now instead of waiting out its backupSyncPeriod: an
// annotation on the BackupStorageLocation, removed by the agent once that sync is done.
import { formatTime, type BackupStorageLocation } from "../../lib/api/index.js";

/**
 * Set this annotation on a BackupStorageLocation (any value; by convention the RFC 3339 time
 * of the request) to have the agent sync it from the bucket at once. When the sync has run, the
 * agent removes the annotation and sets `status.lastSyncedTime` in the same write, so a
 * requester waits until the annotation is gone (and may then compare lastSyncedTime). A
 * request on an Unavailable location waits until the location is Available again; periodic
 * sync being disabled (`backupSyncPeriod: 0s`) does not stop an explicit request.
 */
export const SYNC_REQUEST_ANNOTATION = "velero.io/sync-requested";

/** The pending sync request's value, if the location carries one. */
export function syncRequestOf(location: BackupStorageLocation): string | undefined {
  return location.metadata.annotations?.[SYNC_REQUEST_ANNOTATION];
}

/** One RFC 6902 operation. */
export interface JsonPatchOperation {
  readonly op: "test" | "remove" | "add";
  readonly path: string;
  readonly value?: unknown;
}

const annotationPath = `/metadata/annotations/${SYNC_REQUEST_ANNOTATION.replace(/~/g, "~0").replace(/\//g, "~1")}`;

/**
 * The JSON patch that acknowledges request `value` and records the sync time: it fails (and
 * changes nothing) when the annotation was changed meanwhile, so a newer request is not lost.
 */
export function acknowledgeSyncPatch(value: string, syncedAt: Date): JsonPatchOperation[] {
  return [
    { op: "test", path: annotationPath, value },
    { op: "remove", path: annotationPath },
    { op: "add", path: "/status/lastSyncedTime", value: formatTime(syncedAt) },
  ];
}
