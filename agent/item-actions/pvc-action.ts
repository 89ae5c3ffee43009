// velero.io/pv: backs up the PersistentVolume a bound claim uses, after clearing the claim's
// data source, its selector (unless it opts out of dynamic provisioning) and stale Velero labels.
import {
  BACKUP_NAME_LABEL,
  MUST_INCLUDE_ADDITIONAL_ITEMS_ANNOTATION,
  RESTORE_NAME_LABEL,
} from "../../lib/api/index.js";
import type { KubeObject } from "../../lib/kube/index.js";
import type {
  BackupItemAction,
  BackupItemActionInput,
  BackupItemActionOutput,
} from "./backup-item-action.js";

const volumeSnapshotLabel = "velero.io/volume-snapshot-name";

interface ClaimSpec {
  volumeName?: string;
  storageClassName?: string | null;
  dataSource?: unknown;
  dataSourceRef?: unknown;
  selector?: { matchLabels?: Record<string, string> } | null;
}

/**
 * Cleans a bound claim for backup in place, as Velero's PVCAction does, and returns the name of
 * its volume; undefined (claim untouched) when it is not bound.
 */
export function prepareBoundClaim(claim: KubeObject, backupName: string): string | undefined {
  const spec = (claim["spec"] ?? {}) as ClaimSpec;
  const phase = (claim["status"] as { phase?: string } | undefined)?.phase;
  const volumeName = spec.volumeName ?? "";
  if (phase !== "Bound" || volumeName === "") return undefined;
  delete spec.dataSource;
  delete spec.dataSourceRef;
  if (spec.storageClassName !== "") delete spec.selector;
  dropStaleVeleroLabels(claim, spec, backupName);
  return volumeName;
}

function dropStaleVeleroLabels(claim: KubeObject, spec: ClaimSpec, backupName: string): void {
  const selector = spec.selector;
  if (selector?.matchLabels !== undefined) {
    selector.matchLabels = keepEntries(
      selector.matchLabels,
      (key) => !key.startsWith("velero.io/"),
    );
  }
  const metadata = claim.metadata;
  if (metadata?.labels !== undefined) {
    metadata.labels = keepEntries(
      metadata.labels,
      (key, value) => !isStaleLabel(key, value, backupName),
    );
  }
}

function isStaleLabel(key: string, value: string, backupName: string): boolean {
  return (
    key === RESTORE_NAME_LABEL ||
    key === MUST_INCLUDE_ADDITIONAL_ITEMS_ANNOTATION ||
    key === volumeSnapshotLabel ||
    (key === BACKUP_NAME_LABEL && value !== backupName)
  );
}

function keepEntries(
  map: Record<string, string>,
  keep: (key: string, value: string) => boolean,
): Record<string, string> {
  return Object.fromEntries(Object.entries(map).filter(([k, v]) => keep(k, v)));
}

/** Velero's PVCAction (registered as `velero.io/pv`). */
export const pvcAction: BackupItemAction = {
  name: "velero.io/pv",
  appliesTo: () => ({ includedResources: ["persistentvolumeclaims"] }),
  execute: (input: BackupItemActionInput): Promise<BackupItemActionOutput> => {
    const volume = prepareBoundClaim(input.item, input.backup.metadata.name ?? "");
    return Promise.resolve({
      item: input.item,
      additionalItems:
        volume === undefined ? [] : [{ groupResource: "persistentvolumes", name: volume }],
    });
  },
};
