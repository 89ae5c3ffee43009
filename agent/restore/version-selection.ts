// Which API version of a resource a restore reads from the backup and creates in the cluster:
// Velero's priorities (target cluster's preferred version, then the backup's preferred version,
// then any common version), or a skip when the cluster serves none of the stored versions.
import type { ItemRef, StoredVersions } from "../../lib/archive/index.js";

/** The versions the target cluster serves for one resource, its preferred version first. */
export interface ServedVersions {
  readonly preferred: string | undefined;
  /** In the server's priority order. */
  readonly versions: readonly string[];
}

/** Where to read a resource's items and in which version they will be created. */
export type VersionChoice =
  | {
      readonly kind: "restore";
      /** The version created; `undefined` for archives without version directories. */
      readonly version: string | undefined;
      /** The archive directory to read (`{}` = the unversioned copy). */
      readonly dir: Pick<ItemRef, "version" | "preferred">;
      /** Which rule chose the version, for the log. */
      readonly rule: "target-preferred" | "backup-preferred" | "common" | "legacy-archive";
    }
  | { readonly kind: "skip"; readonly reason: string };

const unversioned: Pick<ItemRef, "version" | "preferred"> = {};

/**
 * Chooses the version to restore (see the file comment). The unversioned copy holds the
 * backup's preferred version, so it is read whenever that version is chosen; another version
 * is read from its own directory (written by backups with EnableAPIGroupVersions). An archive
 * with no version directories (format 1.0) is read unversioned and its items' own apiVersion
 * decides, as before format 1.1.
 */
export function chooseRestoreVersion(
  stored: StoredVersions,
  served: ServedVersions,
): VersionChoice {
  if (served.versions.length === 0) {
    return { kind: "skip", reason: "the cluster does not serve this resource" };
  }
  if (stored.versions.length === 0) {
    return { kind: "restore", version: undefined, dir: unversioned, rule: "legacy-archive" };
  }
  const dirFor = (version: string): Pick<ItemRef, "version" | "preferred"> =>
    version === stored.preferred ? unversioned : { version, preferred: false };
  const target = served.preferred;
  if (target !== undefined && stored.versions.includes(target)) {
    return { kind: "restore", version: target, dir: dirFor(target), rule: "target-preferred" };
  }
  const source = stored.preferred;
  if (source !== undefined && served.versions.includes(source)) {
    return { kind: "restore", version: source, dir: unversioned, rule: "backup-preferred" };
  }
  const common = served.versions.find((v) => stored.versions.includes(v));
  if (common !== undefined) {
    return { kind: "restore", version: common, dir: dirFor(common), rule: "common" };
  }
  return {
    kind: "skip",
    reason:
      `the backup holds versions ${stored.versions.join(", ")} ` +
      `but the cluster serves ${served.versions.join(", ")}`,
  };
}
