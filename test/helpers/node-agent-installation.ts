// Velero with file-system backup on a local test cluster: `kubectl velero install --use-node-agent`
// rendered against a real S3 server (RGW) and applied with the real kubectl, minus the agent
// Deployment (the agent runs in the test process through its harness), so the node-agent
// DaemonSet's pods run on the cluster's nodes.
import { after } from "node:test";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { createAgentHarness, type AgentHarness } from "../../agent/backup/testing/agent-harness.js";
import type { AgentControllerFactory } from "../../agent/agent-context.js";
import { runCaptured } from "../../kubectl-velero/testing/run-captured.js";
import { checkedKubectl } from "./checked-kubectl.js";
import { eventually } from "./eventually.js";
import type { TestCluster } from "./local-cluster.js";
import type { RgwServer } from "./rgw.js";
import { makeTempDir } from "./temp-dir.js";

/** The AWS credentials file (`--secret-file`) for RGW's own keys. */
export function rgwCredentialsFile(rgw: RgwServer): string {
  return `[default]\naws_access_key_id=${rgw.accessKey}\naws_secret_access_key=${rgw.secretKey}\n`;
}

/**
 * Renders the installation for an aws location on `bucket` of `rgw` with the node-agent, as
 * `--dry-run -o yaml` prints it, without the agent Deployment. One rendering carries one
 * generated repository password: apply the same YAML to clusters that share the bucket.
 */
export async function renderNodeAgentInstallation(rgw: RgwServer, bucket: string): Promise<string> {
  const temp = await makeTempDir("kv-node-agent-install-", {
    "credentials-velero": rgwCredentialsFile(rgw),
  });
  try {
    const install = await runCaptured([
      "install",
      "--provider",
      "aws",
      "--bucket",
      bucket,
      "--secret-file",
      join(temp.path, "credentials-velero"),
      "--backup-location-config",
      `region=${rgw.region},s3ForcePathStyle=true,s3Url=${rgw.endpoint}`,
      "--use-node-agent",
      "--dry-run",
      "-o",
      "yaml",
    ]);
    if (install.code !== 0) throw new Error(`kubectl velero install: ${install.stderr}`);
    const list = parse(install.stdout) as { items: { kind: string }[] };
    list.items = list.items.filter((item) => item.kind !== "Deployment");
    return stringify(list);
  } finally {
    await temp.remove();
  }
}

/** Options of {@link startAgentWithNodeAgent}. */
export interface AgentWithNodeAgentOptions {
  readonly cluster: TestCluster;
  /** From {@link renderNodeAgentInstallation}. */
  readonly installation: string;
  /** The agent's controllers. */
  readonly controllers: readonly AgentControllerFactory[];
  /** Extra agent `server` flags. */
  readonly flags?: readonly string[];
  /** How long to wait for the installation and the node-agent (default 180 s). */
  readonly timeoutMs?: number;
}

/**
 * Applies `installation` (retried until the CRDs it brings are served), points the default
 * location at the install's Secret (the in-process agent has no /credentials file), starts the
 * agent with `controllers` and the location Available, and waits for a running node-agent pod.
 * The agent stops in `after`.
 */
export async function startAgentWithNodeAgent(
  options: AgentWithNodeAgentOptions,
): Promise<AgentHarness> {
  const { cluster, timeoutMs = 180_000 } = options;
  await eventually(
    `the installation applied on ${cluster.name}`,
    async () => {
      const applied = await cluster.kubectl(["apply", "-f", "-"], {
        input: options.installation,
        timeoutMs,
      });
      return applied.code === 0 ? true : undefined;
    },
    { timeoutMs },
  );
  await checkedKubectl(
    cluster,
    timeoutMs,
  )([
    "patch",
    "backupstoragelocation",
    "default",
    "-n",
    "velero",
    "--type=merge",
    "-p",
    JSON.stringify({ spec: { credential: { name: "cloud-credentials", key: "cloud" } } }),
  ]);
  const harness = await createAgentHarness({
    kubeconfigPath: cluster.kubeconfigPath,
    flags: options.flags ?? [],
  });
  after(() => harness.stop());
  await harness.ctx.velero.backupStorageLocations.patchStatus("default", { phase: "Available" });
  await harness.start(options.controllers);
  await runningNodeAgentPod(cluster, { timeoutMs });
  return harness;
}

/** The parts of a node-agent pod tests look at. */
export interface NodeAgentPod {
  readonly metadata: { readonly name: string; readonly uid: string };
  readonly spec: { readonly nodeName?: string };
  readonly status: { readonly phase?: string };
}

/** Which node-agent pod {@link runningNodeAgentPod} waits for, and how long. */
export interface NodeAgentPodQuery {
  /** Skip the pod with this UID (e.g. one that was just deleted). */
  readonly notUid?: string;
  /** Default 180 s. */
  readonly timeoutMs?: number;
}

/** Waits for a Running node-agent pod and returns it. */
export async function runningNodeAgentPod(
  cluster: TestCluster,
  query: NodeAgentPodQuery = {},
): Promise<NodeAgentPod> {
  const kubectl = checkedKubectl(cluster, query.timeoutMs);
  const probe = async (): Promise<NodeAgentPod | undefined> => {
    const pods = JSON.parse(
      await kubectl(["get", "pods", "-n", "velero", "-l", "name=node-agent", "-o", "json"]),
    ) as { items: NodeAgentPod[] };
    return pods.items.find((p) => p.status.phase === "Running" && p.metadata.uid !== query.notUid);
  };
  return eventually(`a running node-agent pod on ${cluster.name}`, probe, query);
}
