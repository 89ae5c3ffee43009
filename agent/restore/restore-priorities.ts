// Velero's restore resource priorities: the default order and the `--restore-resource-priorities`
// flag syntax (`a,b,-,c`: high priorities, a `-` separator, then low priorities).
import { RestorePrioritiesError } from "./errors.js";

/** Resources restored first (in order) and last (in order); everything else goes between. */
export interface RestorePriorities {
  readonly high: readonly string[];
  readonly low: readonly string[];
}

/** Velero's default priorities (pkg/cmd/server/config). */
export const defaultRestorePriorities: RestorePriorities = {
  high: [
    "customresourcedefinitions",
    "namespaces",
    "storageclasses",
    "volumesnapshotclass.snapshot.storage.k8s.io",
    "volumesnapshotcontents.snapshot.storage.k8s.io",
    "volumesnapshots.snapshot.storage.k8s.io",
    "datauploads.velero.io",
    "persistentvolumes",
    "persistentvolumeclaims",
    "clusterroles",
    "roles",
    "serviceaccounts",
    "clusterrolebindings",
    "rolebindings",
    "secrets",
    "configmaps",
    "limitranges",
    "priorityclasses",
    "pods",
    "replicasets.apps",
    "clusterclasses.cluster.x-k8s.io",
    "endpoints",
    "services",
  ],
  low: [
    "clusterbootstraps.run.tanzu.vmware.com",
    "clusters.cluster.x-k8s.io",
    "clusterresourcesets.addons.cluster.x-k8s.io",
    "apps.kappctrl.k14s.io",
    "packageinstalls.packaging.carvel.dev",
  ],
};

const separator = "-";

/**
 * Parses the flag value as Velero does: a comma list in which one `-` element separates high
 * from low priorities (`a,b,-,c`, `-,c`, `a,b,-`). An empty or undefined value gives the
 * defaults; a value without a separator replaces the high priorities and has no low ones.
 * Throws `RestorePrioritiesError` when the separator appears more than once.
 */
export function parseRestorePriorities(value: string | undefined): RestorePriorities {
  if (value === undefined || value === "") return defaultRestorePriorities;
  const items = value.split(",");
  const separators = items.filter((item) => item === separator).length;
  if (separators > 1) {
    throw new RestorePrioritiesError(`multiple priority separator "${separator}" found`);
  }
  const at = items.indexOf(separator);
  if (at < 0) return { high: items, low: [] };
  return { high: items.slice(0, at), low: items.slice(at + 1) };
}

/** The flag form of `priorities` (Velero's `Priorities.String`). */
export function formatRestorePriorities(priorities: RestorePriorities): string {
  const items = [...priorities.high];
  if (priorities.low.length > 0) items.push(separator, ...priorities.low);
  return items.join(",");
}
