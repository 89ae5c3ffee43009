// Which VolumeSnapshotClass a PVC's snapshot uses, in Velero's order: the PVC's annotation, the
// backup's per-driver annotation, the class labelled for Velero, Kubernetes' default class, and
// the driver's only class.
import {
  CSI_VOLUMESNAPSHOT_CLASS_ANNOTATION,
  CSI_VOLUMESNAPSHOT_CLASS_DRIVER_ANNOTATION_PREFIX,
  CSI_VOLUMESNAPSHOT_CLASS_LABEL,
  DEFAULT_SNAPSHOT_CLASS_ANNOTATION,
  type VolumeSnapshotClass,
} from "../../lib/api/index.js";
import { NoSnapshotClassError } from "./errors.js";

/** What the choice looks at. */
export interface SnapshotClassQuery {
  /** The CSI driver (the storage class's provisioner). */
  readonly driver: string;
  readonly claimName: string;
  readonly claimAnnotations?: Readonly<Record<string, string>> | undefined;
  readonly backupName: string;
  readonly backupAnnotations?: Readonly<Record<string, string>> | undefined;
}

function named(
  classes: readonly VolumeSnapshotClass[],
  name: string,
): VolumeSnapshotClass | undefined {
  return classes.find((c) => (c.metadata.name ?? "").toLowerCase() === name.toLowerCase());
}

function sameDriver(snapshotClass: VolumeSnapshotClass, driver: string): boolean {
  return snapshotClass.driver.toLowerCase() === driver.toLowerCase();
}

/** The class an annotation names; undefined when there is no annotation; throws when it is wrong. */
function fromAnnotation(
  classes: readonly VolumeSnapshotClass[],
  wanted: string | undefined,
  describe: { readonly driver: string; readonly owner: string },
): VolumeSnapshotClass | undefined {
  if (wanted === undefined) return undefined;
  const found = named(classes, wanted);
  if (found === undefined) {
    throw new NoSnapshotClassError(
      `No CSI VolumeSnapshotClass found with name ${wanted} for driver ${describe.driver} for ${describe.owner}`,
    );
  }
  if (!sameDriver(found, describe.driver)) {
    throw new NoSnapshotClassError(
      `Incorrect VolumeSnapshotClass ${wanted} is not for driver ${describe.driver} for ${describe.owner}`,
    );
  }
  return found;
}

/** The class for the driver by label, then default annotation, then the only one. */
function forDriver(classes: readonly VolumeSnapshotClass[], driver: string): VolumeSnapshotClass {
  const candidates = classes.filter((c) => c.driver === driver);
  const labelled = candidates.find(
    (c) => c.metadata.labels?.[CSI_VOLUMESNAPSHOT_CLASS_LABEL] !== undefined,
  );
  if (labelled !== undefined) return labelled;
  const byDefault = candidates.find(
    (c) => c.metadata.annotations?.[DEFAULT_SNAPSHOT_CLASS_ANNOTATION] !== undefined,
  );
  if (byDefault !== undefined) return byDefault;
  const only = candidates.length === 1 ? candidates[0] : undefined;
  if (only !== undefined) return only;
  throw new NoSnapshotClassError(
    `failed to get VolumeSnapshotClass for provisioner ${driver}: ensure that the desired VolumeSnapshotClass has the ${CSI_VOLUMESNAPSHOT_CLASS_LABEL} label or ${DEFAULT_SNAPSHOT_CLASS_ANNOTATION} annotation, and that its driver matches the StorageClass provisioner`,
  );
}

/**
 * Velero's GetVolumeSnapshotClass. A PVC annotation that names a missing or wrong class is
 * ignored (Velero logs it at debug level), a backup annotation likewise; the fallback throws
 * {@link NoSnapshotClassError} when the driver has no usable class.
 */
export function selectSnapshotClass(
  classes: readonly VolumeSnapshotClass[],
  query: SnapshotClassQuery,
): VolumeSnapshotClass {
  const byClaim = ignoreWrong(() =>
    fromAnnotation(classes, query.claimAnnotations?.[CSI_VOLUMESNAPSHOT_CLASS_ANNOTATION], {
      driver: query.driver,
      owner: `PVC ${query.claimName}`,
    }),
  );
  if (byClaim !== undefined) return byClaim;
  const backupKey = `${CSI_VOLUMESNAPSHOT_CLASS_DRIVER_ANNOTATION_PREFIX}${query.driver.toLowerCase()}`;
  const byBackup = ignoreWrong(() =>
    fromAnnotation(classes, query.backupAnnotations?.[backupKey], {
      driver: query.driver,
      owner: `backup ${query.backupName}`,
    }),
  );
  return byBackup ?? forDriver(classes, query.driver);
}

function ignoreWrong(
  choose: () => VolumeSnapshotClass | undefined,
): VolumeSnapshotClass | undefined {
  try {
    return choose();
  } catch (error) {
    if (error instanceof NoSnapshotClassError) return undefined;
    throw error;
  }
}
