// The objects of an installation, in the order Velero creates them: CRDs, Namespace, RBAC,
// Secrets, storage locations, the agent Deployment and the node-agent DaemonSet.
import { REPOSITORY_CREDENTIALS_SECRET, REPOSITORY_PASSWORD_KEY } from "../../lib/api/index.js";
import type { KubeObject } from "../../lib/kube/index.js";
import { buildAgentDeployment } from "./agent-deployment.js";
import { veleroCrds } from "./crds.js";
import type { InstallSettings } from "./install-settings.js";
import { buildNodeAgentDaemonSet } from "./node-agent-daemon-set.js";
import { CLOUD_CREDENTIALS_SECRET, COMPONENT_LABELS } from "./pod-parts.js";

/** The namespace install uses by default; other namespaces get `velero-<ns>` RBAC names. */
export const DEFAULT_NAMESPACE = "velero";

/** Secret and key of the file-system backup repositories' password (Velero's names). */
export const REPOSITORY_CREDENTIALS = {
  secret: REPOSITORY_CREDENTIALS_SECRET,
  key: REPOSITORY_PASSWORD_KEY,
} as const;

const podSecurity = "privileged";
const podSecurityVersion = "latest";

function meta(name: string, namespace?: string): KubeObject["metadata"] {
  return namespace === undefined
    ? { name, labels: { ...COMPONENT_LABELS } }
    : { name, namespace, labels: { ...COMPONENT_LABELS } };
}

function base64(data: Uint8Array | string): string {
  return Buffer.from(data).toString("base64");
}

/** `velero` in the default namespace, `velero-<ns>` elsewhere. */
export function clusterRoleBindingName(namespace: string): string {
  return namespace === DEFAULT_NAMESPACE ? "velero" : `velero-${namespace}`;
}

function namespaceObject(namespace: string): KubeObject {
  const labels: Record<string, string> = { ...COMPONENT_LABELS };
  for (const mode of ["enforce", "audit", "warn"]) {
    labels[`pod-security.kubernetes.io/${mode}`] = podSecurity;
    labels[`pod-security.kubernetes.io/${mode}-version`] = podSecurityVersion;
  }
  return { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace, labels } };
}

function rbacObjects(settings: InstallSettings): KubeObject[] {
  if (settings.serviceAccountName !== undefined) return [];
  const ns = settings.namespace;
  const serviceAccountMeta = meta("velero", ns) ?? {};
  if (Object.keys(settings.serviceAccountAnnotations).length > 0) {
    serviceAccountMeta.annotations = { ...settings.serviceAccountAnnotations };
  }
  return [
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: meta(clusterRoleBindingName(ns)),
      subjects: [{ kind: "ServiceAccount", namespace: ns, name: "velero" }],
      roleRef: {
        apiGroup: "rbac.authorization.k8s.io",
        kind: "ClusterRole",
        name: "cluster-admin",
      },
    },
    { apiVersion: "v1", kind: "ServiceAccount", metadata: serviceAccountMeta },
  ];
}

function secretObjects(settings: InstallSettings): KubeObject[] {
  const ns = settings.namespace;
  const secrets: KubeObject[] = [];
  if (settings.cloudCredentials !== undefined) {
    secrets.push({
      apiVersion: "v1",
      kind: "Secret",
      metadata: meta(CLOUD_CREDENTIALS_SECRET, ns),
      type: "Opaque",
      data: { cloud: base64(settings.cloudCredentials) },
    });
  }
  secrets.push({
    apiVersion: "v1",
    kind: "Secret",
    metadata: meta(REPOSITORY_CREDENTIALS.secret, ns),
    type: "Opaque",
    data: { [REPOSITORY_CREDENTIALS.key]: base64(settings.repositoryPassword) },
  });
  return secrets;
}

function locationObjects(settings: InstallSettings): KubeObject[] {
  const objects: KubeObject[] = [];
  const bsl = settings.backupLocation;
  if (bsl !== undefined) {
    const objectStorage: Record<string, unknown> = { bucket: bsl.bucket };
    if (bsl.prefix !== "") objectStorage["prefix"] = bsl.prefix;
    if (bsl.caCert !== undefined) objectStorage["caCert"] = base64(bsl.caCert);
    const spec: Record<string, unknown> = { provider: bsl.provider, objectStorage, default: true };
    if (Object.keys(bsl.config).length > 0) spec["config"] = { ...bsl.config };
    objects.push({
      apiVersion: "velero.io/v1",
      kind: "BackupStorageLocation",
      metadata: meta("default", settings.namespace),
      spec,
    });
  }
  const vsl = settings.snapshotLocation;
  if (vsl !== undefined) {
    const spec: Record<string, unknown> = { provider: vsl.provider };
    if (Object.keys(vsl.config).length > 0) spec["config"] = { ...vsl.config };
    objects.push({
      apiVersion: "velero.io/v1",
      kind: "VolumeSnapshotLocation",
      metadata: meta("default", settings.namespace),
      spec,
    });
  }
  return objects;
}

/**
 * Every object of the installation `settings` describes, in creation order. Pure: the same
 * settings always give the same objects (the repository password is part of the settings).
 */
export function buildInstallObjects(settings: InstallSettings): KubeObject[] {
  const nodeAgent = buildNodeAgentDaemonSet(settings);
  return [
    ...veleroCrds(),
    namespaceObject(settings.namespace),
    ...rbacObjects(settings),
    ...secretObjects(settings),
    ...locationObjects(settings),
    buildAgentDeployment(settings),
    ...(nodeAgent === undefined ? [] : [nodeAgent]),
  ];
}
