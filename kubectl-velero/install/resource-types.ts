// The API resource of every kind install and uninstall touch, so objects can be sent without a
// discovery round trip (the kinds are fixed).
import { InvalidInputError } from "../../lib/errors.js";
import { parseApiVersion, type KubeObject, type ResourceType } from "../../lib/kube/index.js";

const resources: Readonly<Record<string, { resource: string; namespaced: boolean }>> = {
  CustomResourceDefinition: { resource: "customresourcedefinitions", namespaced: false },
  Namespace: { resource: "namespaces", namespaced: false },
  ClusterRoleBinding: { resource: "clusterrolebindings", namespaced: false },
  ServiceAccount: { resource: "serviceaccounts", namespaced: true },
  Secret: { resource: "secrets", namespaced: true },
  BackupStorageLocation: { resource: "backupstoragelocations", namespaced: true },
  VolumeSnapshotLocation: { resource: "volumesnapshotlocations", namespaced: true },
  Deployment: { resource: "deployments", namespaced: true },
  DaemonSet: { resource: "daemonsets", namespaced: true },
  Restore: { resource: "restores", namespaced: true },
  DataUpload: { resource: "datauploads", namespaced: true },
  DataDownload: { resource: "datadownloads", namespaced: true },
};

/** The resource type of `kind` in `apiVersion` (one of the kinds an installation has). */
export function resourceTypeFor(apiVersion: string, kind: string): ResourceType {
  const entry = resources[kind];
  if (entry === undefined) throw new InvalidInputError(`install does not handle kind ${kind}`);
  const { group, version } = parseApiVersion(apiVersion);
  return { group, version, kind, ...entry };
}

/** The resource type of an object of the installation. */
export function resourceTypeOf(object: KubeObject): ResourceType {
  return resourceTypeFor(object.apiVersion ?? "", object.kind ?? "");
}

/** `Deployment/velero`: how progress lines name an object. */
export function objectId(object: KubeObject): string {
  return `${object.kind ?? ""}/${object.metadata?.name ?? ""}`;
}
