// The agent's Deployment `velero`: one pod running `/velero server ...` with Velero's labels,
// annotations, volumes and environment.
import type { AgentServerFlags, InstallSettings } from "./install-settings.js";
import {
  COMPONENT_LABELS,
  credentialsEnv,
  credentialsMount,
  credentialsVolume,
  emptyDirVolume,
  fieldRefEnv,
  linuxAffinity,
  metricsPorts,
  podLabels,
  pullPolicyFor,
  resourcesBlock,
  METRICS_PORT,
  type Json,
} from "./pod-parts.js";

/** Name of the agent Deployment and of its container. */
export const AGENT_DEPLOYMENT = "velero";

/**
 * The `velero server` arguments for `flags`, in Velero's order, using the agent's flag names.
 * Booleans are written bare (`--default-volumes-to-fs-backup`): the agent's parser and
 * Velero's both accept that form.
 */
export function agentServerArgs(flags: AgentServerFlags): string[] {
  const args = ["server"];
  if (flags.features.length > 0) args.push(`--features=${flags.features.join(",")}`);
  if (flags.defaultVolumesToFsBackup) args.push("--default-volumes-to-fs-backup");
  if (flags.defaultSnapshotMoveData) args.push("--default-snapshot-move-data");
  if (flags.scheduleSkipImmediately) args.push("--schedule-skip-immediately");
  if (flags.uploaderType !== "") args.push(`--uploader-type=${flags.uploaderType}`);
  const durations: [string, string | undefined][] = [
    ["backup-sync-period", flags.backupSyncPeriod],
    ["default-repo-maintain-frequency", flags.defaultRepoMaintainFrequency],
    ["garbage-collection-frequency", flags.garbageCollectionFrequency],
    ["fs-backup-timeout", flags.podVolumeOperationTimeout],
  ];
  for (const [name, value] of durations) if (value !== undefined) args.push(`--${name}=${value}`);
  if (flags.concurrentBackups !== undefined) {
    args.push(`--concurrent-backups=${flags.concurrentBackups}`);
  }
  return args;
}

function agentContainer(settings: InstallSettings): Json {
  const hasSecret = settings.cloudCredentials !== undefined;
  return {
    name: AGENT_DEPLOYMENT,
    image: settings.image,
    imagePullPolicy: pullPolicyFor(settings.image),
    command: ["/velero"],
    args: agentServerArgs(settings.server),
    ports: metricsPorts(),
    env: [
      { name: "VELERO_SCRATCH_DIR", value: "/scratch" },
      fieldRefEnv("VELERO_NAMESPACE", "metadata.namespace"),
      { name: "LD_LIBRARY_PATH", value: "/plugins" },
      ...(hasSecret ? credentialsEnv() : []),
    ],
    volumeMounts: [
      { name: "plugins", mountPath: "/plugins" },
      { name: "scratch", mountPath: "/scratch" },
      ...(hasSecret ? [credentialsMount()] : []),
    ],
    resources: resourcesBlock(settings.agentResources),
  };
}

function agentPodSpec(settings: InstallSettings): Json {
  const spec: Json = {
    restartPolicy: "Always",
    serviceAccountName: settings.serviceAccountName ?? "velero",
    os: { name: "linux" },
    affinity: linuxAffinity(),
    containers: [agentContainer(settings)],
    volumes: [
      emptyDirVolume("plugins"),
      emptyDirVolume("scratch"),
      ...(settings.cloudCredentials === undefined ? [] : [credentialsVolume()]),
    ],
  };
  if (settings.agentPriorityClassName !== undefined) {
    spec["priorityClassName"] = settings.agentPriorityClassName;
  }
  return spec;
}

/** The Deployment `velero` in the install namespace (selector `deploy: velero`). */
export function buildAgentDeployment(settings: InstallSettings): Json {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: {
      name: AGENT_DEPLOYMENT,
      namespace: settings.namespace,
      labels: { ...COMPONENT_LABELS },
    },
    spec: {
      selector: { matchLabels: { deploy: AGENT_DEPLOYMENT } },
      template: {
        metadata: {
          labels: podLabels(settings.podLabels, { deploy: AGENT_DEPLOYMENT }),
          annotations: {
            "prometheus.io/scrape": "true",
            "prometheus.io/port": String(METRICS_PORT),
            "prometheus.io/path": "/metrics",
            ...settings.podAnnotations,
          },
        },
        spec: agentPodSpec(settings),
      },
    },
  };
}
