// The node-agent DaemonSet: one pod per node running `/velero node-agent server`, with the
// kubelet's pod directory mounted from the host at /host_pods for file-system backup.
import { posix } from "node:path";
import type { InstallSettings, NodeAgentSettings } from "./install-settings.js";
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
  type Json,
} from "./pod-parts.js";

/** Name of the node-agent DaemonSet and of its container. */
export const NODE_AGENT_DAEMON_SET = "node-agent";

/** Where the kubelet's `<root>/pods` directory appears inside the node-agent container. */
export const HOST_PODS_MOUNT_PATH = "/host_pods";

function hostPathParts(nodeAgent: NodeAgentSettings): { volumes: Json[]; mounts: Json[] } {
  if (nodeAgent.disableHostPath) return { volumes: [], mounts: [] };
  const propagation = "HostToContainer";
  return {
    volumes: [
      { name: "host-pods", hostPath: { path: posix.join(nodeAgent.kubeletRootDir, "pods") } },
      { name: "host-plugins", hostPath: { path: posix.join(nodeAgent.kubeletRootDir, "plugins") } },
    ],
    mounts: [
      { name: "host-pods", mountPath: HOST_PODS_MOUNT_PATH, mountPropagation: propagation },
      {
        name: "host-plugins",
        mountPath: "/var/lib/kubelet/plugins",
        mountPropagation: propagation,
      },
    ],
  };
}

function nodeAgentArgs(settings: InstallSettings): string[] {
  const args = ["node-agent", "server"];
  const features = settings.server.features;
  if (features.length > 0) args.push(`--features=${features.join(",")}`);
  return args;
}

function nodeAgentPodSpec(settings: InstallSettings, nodeAgent: NodeAgentSettings): Json {
  const hasSecret = settings.cloudCredentials !== undefined;
  const host = hostPathParts(nodeAgent);
  const container: Json = {
    name: NODE_AGENT_DAEMON_SET,
    image: settings.image,
    imagePullPolicy: pullPolicyFor(settings.image),
    command: ["/velero"],
    args: nodeAgentArgs(settings),
    ports: metricsPorts(),
    securityContext: { privileged: nodeAgent.privileged },
    env: [
      fieldRefEnv("NODE_NAME", "spec.nodeName"),
      fieldRefEnv("VELERO_NAMESPACE", "metadata.namespace"),
      { name: "VELERO_SCRATCH_DIR", value: "/scratch" },
      ...(hasSecret ? credentialsEnv() : []),
    ],
    volumeMounts: [
      ...host.mounts,
      { name: "scratch", mountPath: "/scratch" },
      ...(hasSecret ? [credentialsMount()] : []),
    ],
    resources: resourcesBlock(nodeAgent.resources),
  };
  const spec: Json = {
    serviceAccountName: settings.serviceAccountName ?? "velero",
    securityContext: { runAsUser: 0 },
    affinity: linuxAffinity(),
    containers: [container],
    volumes: [
      ...host.volumes,
      emptyDirVolume("scratch"),
      ...(hasSecret ? [credentialsVolume()] : []),
    ],
  };
  if (nodeAgent.priorityClassName !== undefined) {
    spec["priorityClassName"] = nodeAgent.priorityClassName;
  }
  return spec;
}

/** The DaemonSet `node-agent` (selector `name: node-agent`), or undefined without node-agent. */
export function buildNodeAgentDaemonSet(settings: InstallSettings): Json | undefined {
  const nodeAgent = settings.nodeAgent;
  if (nodeAgent === undefined) return undefined;
  const selector = { name: NODE_AGENT_DAEMON_SET };
  const template: Json = {
    labels: podLabels(settings.podLabels, { ...selector, role: "node-agent" }),
  };
  if (Object.keys(settings.podAnnotations).length > 0) {
    template["annotations"] = { ...settings.podAnnotations };
  }
  return {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: {
      name: NODE_AGENT_DAEMON_SET,
      namespace: settings.namespace,
      labels: { ...COMPONENT_LABELS },
    },
    spec: {
      selector: { matchLabels: selector },
      template: { metadata: template, spec: nodeAgentPodSpec(settings, nodeAgent) },
    },
  };
}
