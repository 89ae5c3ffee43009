// Velero's rule for a single default BackupStorageLocation: when several are marked default,
// the most recently created one stays default and the others are unset.
import { parseTime, type BackupStorageLocation } from "../../lib/api/index.js";

/** Which locations keep and lose `spec.default`. */
export interface DefaultLocationChoice {
  /** The default location, if any is marked. */
  readonly defaultName: string | undefined;
  /** Locations whose `spec.default` must be set to false. */
  readonly unset: readonly string[];
}

/**
 * Chooses the one default among `locations`: the newest by `creationTimestamp` of those marked
 * default (the first listed wins a tie, as in Velero). None marked ⇒ no default, nothing to
 * unset (the agent's `--default-backup-storage-location` is then used by name).
 */
export function chooseDefaultLocation(
  locations: readonly BackupStorageLocation[],
): DefaultLocationChoice {
  const marked = locations.filter((l) => l.spec.default === true);
  let newest: BackupStorageLocation | undefined;
  for (const location of marked) {
    if (newest === undefined || createdAt(newest) < createdAt(location)) newest = location;
  }
  const defaultName = newest?.metadata.name;
  return {
    defaultName,
    unset: marked.map((l) => l.metadata.name ?? "").filter((n) => n !== defaultName),
  };
}

function createdAt(location: BackupStorageLocation): number {
  const created = location.metadata.creationTimestamp;
  return created === undefined ? 0 : parseTime(created).getTime();
}
