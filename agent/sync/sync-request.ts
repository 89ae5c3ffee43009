// Asking an agent to sync a location now instead of waiting out its backupSyncPeriod: an
// annotation on the BackupStorageLocation, removed by the agent once that sync is done.
import {
  SYNC_REQUEST_ANNOTATION,
  formatTime,
  type BackupStorageLocation,
} from "../../lib/api/index.js";

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
