// Pieces shared by the agent Deployment and the node-agent DaemonSet: labels, the credentials
// Secret's volume and environment, node affinity, pull policy and resources.
import type { ResourceRequirements } from "./install-settings.js";

/** Labels every object of an installation carries. */
export const COMPONENT_LABELS: Readonly<Record<string, string>> = { component: "velero" };

/** Name of the Secret holding `--secret-file` under key `cloud`. */
export const CLOUD_CREDENTIALS_SECRET = "cloud-credentials";

/** Where the credentials Secret is mounted and the file the provider environment points at. */
export const CREDENTIALS_MOUNT_PATH = "/credentials";
const credentialsFile = `${CREDENTIALS_MOUNT_PATH}/cloud`;

/** Port and name of the metrics endpoint (`--metrics-address :8085`). */
export const METRICS_PORT = 8085;

/** A JSON object; the pod templates are plain data. */
export type Json = Record<string, unknown>;

/** `component: velero` plus the user's `--pod-labels` plus the workload's own selector labels. */
export function podLabels(
  user: Readonly<Record<string, string>>,
  own: Readonly<Record<string, string>>,
): Record<string, string> {
  return { ...COMPONENT_LABELS, ...user, ...own };
}

/** Always when the image has no tag or is `:latest`, IfNotPresent otherwise (Velero's rule). */
export function pullPolicyFor(image: string): "Always" | "IfNotPresent" {
  const parts = image.split(":");
  return parts.length === 2 && parts[1] !== "latest" ? "IfNotPresent" : "Always";
}

/** The container's `resources` block. */
export function resourcesBlock(resources: ResourceRequirements): Json {
  const block: Json = {};
  if (resources.requests !== undefined) block["requests"] = { ...resources.requests };
  if (resources.limits !== undefined) block["limits"] = { ...resources.limits };
  return block;
}

/** Node affinity keeping the pod off Windows nodes. */
export function linuxAffinity(): Json {
  const requirement = { key: "kubernetes.io/os", operator: "NotIn", values: ["windows"] };
  return {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: [requirement] }],
      },
    },
  };
}

/** `metadata.namespace` of the pod as an env var (Velero's `VELERO_NAMESPACE`). */
export function fieldRefEnv(name: string, fieldPath: string): Json {
  return { name, valueFrom: { fieldRef: { fieldPath } } };
}

/** The credentials Secret volume (read-only for everyone, mode 0444). */
export function credentialsVolume(): Json {
  return {
    name: CLOUD_CREDENTIALS_SECRET,
    secret: { secretName: CLOUD_CREDENTIALS_SECRET, defaultMode: 0o444 },
  };
}

/** Its mount at `/credentials`. */
export function credentialsMount(): Json {
  return { name: CLOUD_CREDENTIALS_SECRET, mountPath: CREDENTIALS_MOUNT_PATH };
}

/** Each provider's credentials-file variable pointed at `/credentials/cloud`, in Velero's order. */
export function credentialsEnv(): Json[] {
  return [
    "GOOGLE_APPLICATION_CREDENTIALS",
    "AWS_SHARED_CREDENTIALS_FILE",
    "AZURE_CREDENTIALS_FILE",
    "ALIBABA_CLOUD_CREDENTIALS_FILE",
  ].map((name) => ({ name, value: credentialsFile }));
}

/** The metrics container port. */
export function metricsPorts(): Json[] {
  return [{ name: "metrics", containerPort: METRICS_PORT }];
}

/** An emptyDir volume. */
export function emptyDirVolume(name: string): Json {
  return { name, emptyDir: {} };
}
