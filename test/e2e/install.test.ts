// `kubectl velero install` and `uninstall` on local test clusters: from nothing to a running
// agent, a re-run that changes nothing, `--dry-run -o yaml | kubectl apply -f -` giving the same
// installation, bad input changing nothing, and uninstall removing everything.
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { parse } from "yaml";
import { runCaptured, type CapturedRun } from "../../kubectl-velero/testing/run-captured.js";
import { makeTempDir } from "../helpers/temp-dir.js";
import { startTestCluster, type TestCluster } from "../helpers/local-cluster.js";

interface Listed {
  kind: string;
  metadata: { name: string; namespace?: string };
}

const credentials = "[default]\naws_access_key_id=VELEROAK\naws_secret_access_key=VELEROSECRET\n";
const dir = await makeTempDir("kv-install-e2e-", { "credentials-velero": credentials });
after(() => dir.remove());
const secretFile = `${dir.path}/credentials-velero`;
const installArgs = [
  "install",
  "--provider",
  "aws",
  "--bucket",
  "backups",
  "--secret-file",
  secretFile,
  // Nothing listens on port 9: the location turns Unavailable, which install does not mind.
  "--backup-location-config",
  "region=us-east-1,s3ForcePathStyle=true,s3Url=http://127.0.0.1:9",
  "--use-node-agent",
];

const first = await startTestCluster({ name: "install-a", controllers: true, nodes: 1 });
const second = await startTestCluster({ name: "install-b", controllers: true, nodes: 1 });

function velero(
  cluster: TestCluster,
  args: readonly string[],
  stdin?: string,
): Promise<CapturedRun> {
  return runCaptured([...args, "--kubeconfig", cluster.kubeconfigPath], {
    ...(stdin === undefined ? {} : { stdin }),
  });
}

async function kubectlJson(cluster: TestCluster, args: readonly string[]): Promise<unknown> {
  const result = await cluster.kubectl([...args, "-o", "json"]);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout);
}

/** The installation's objects as `Kind/name` → object, read with one kubectl call. */
async function installation(cluster: TestCluster, items: readonly Listed[]) {
  const names = items.map((item) => `${item.kind}/${item.metadata.name}`);
  const list = (await kubectlJson(cluster, ["get", ...names, "-n", "velero"])) as {
    items: (Record<string, unknown> & Listed)[];
  };
  return new Map(list.items.map((object) => [`${object.kind}/${object.metadata.name}`, object]));
}

/** What install decides about an object, without what the server or kubectl add. */
function comparable(object: Record<string, unknown>): Record<string, unknown> {
  const { status: _s, metadata, ...rest } = object;
  const meta = metadata as { name: string; namespace?: string; labels?: Record<string, string> };
  const out: Record<string, unknown> = {
    ...rest,
    metadata: { name: meta.name, namespace: meta.namespace, labels: meta.labels },
  };
  if (meta.name === "velero-repo-credentials") out["data"] = Object.keys(rest["data"] as object);
  return out;
}

async function dryRunItems(): Promise<{ yaml: string; items: Listed[] }> {
  const run = await runCaptured([
    ...installArgs,
    "--dry-run",
    "-o",
    "yaml",
    "--kubeconfig",
    "/nonexistent/kubeconfig",
  ]);
  assert.equal(run.code, 0, run.stderr);
  const list = parse(run.stdout) as { apiVersion: string; kind: string; items: Listed[] };
  assert.equal(list.apiVersion, "v1");
  assert.equal(list.kind, "List");
  return { yaml: run.stdout, items: list.items };
}

async function hasNoInstallation(cluster: TestCluster): Promise<void> {
  const crds = await cluster.kubectl(["get", "crd", "-l", "component=velero", "-o", "name"]);
  assert.equal(crds.stdout.trim(), "", "no velero CRDs");
  const ns = await cluster.kubectl(["get", "namespace", "velero"]);
  assert.notEqual(ns.code, 0, "no velero namespace");
  const crb = await cluster.kubectl(["get", "clusterrolebinding", "velero"]);
  assert.notEqual(crb.code, 0, "no velero ClusterRoleBinding");
}

/** The agent pod's log (current and previous run), for failure messages. */
async function agentLogs(cluster: TestCluster): Promise<string> {
  const current = await cluster.kubectl(["logs", "deploy/velero", "-n", "velero", "--tail=40"]);
  const previous = await cluster.kubectl([
    "logs",
    "deploy/velero",
    "-n",
    "velero",
    "--previous",
    "--tail=20",
  ]);
  return `agent log:\n${current.stdout}${current.stderr}\nprevious run:\n${previous.stdout}${previous.stderr}`;
}

async function waitFor<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}

/** One node-agent pod per node once the test cluster runs DaemonSets; a note until then. */
async function checkNodeAgentPods(t: { diagnostic(message: string): void }): Promise<void> {
  type PodList = {
    items: {
      spec: { nodeName?: string; volumes: { name: string; hostPath?: { path: string } }[] };
    }[];
  };
  const list = await waitFor<PodList>("node-agent pods", 15_000, async () => {
    const pods = (await kubectlJson(first, [
      "get",
      "pods",
      "-n",
      "velero",
      "-l",
      "name=node-agent",
    ])) as PodList;
    return pods.items.length > 0 ? pods : undefined;
  }).catch((): PodList => ({ items: [] }));
  if (list.items.length === 0) {
    t.diagnostic("no DaemonSet controller on this test cluster yet: no node-agent pods to check");
    return;
  }
  assert.equal(list.items.length, first.nodeNames.length, "one node-agent pod per node");
  for (const pod of list.items) {
    assert.ok(
      first.nodeNames.includes(pod.spec.nodeName ?? ""),
      `scheduled on a node: ${pod.spec.nodeName ?? "none"}`,
    );
    const hostPods = pod.spec.volumes.find((v) => v.name === "host-pods");
    assert.equal(hostPods?.hostPath?.path, "/var/lib/kubelet/pods");
  }
}

describe("kubectl velero install on a local test cluster", () => {
  it("refuses bad input with a clear error and changes nothing", async () => {
    const cases: [string[], RegExp][] = [
      [["--provider", "dropbox"], /unknown object storage provider "dropbox"/],
      [["--backup-location-config", "region=us-east-1,colour=blue"], /invalid keys \[colour\]/],
      [["--secret-file", `${dir.path}/missing`], /cannot read --secret-file ".*missing": ENOENT/],
      [["--bucket", "-backups"], /Bucket names cannot begin with a dash/],
    ];
    for (const [override, message] of cases) {
      const args = [...installArgs];
      for (let i = 0; i < override.length; i += 2) {
        const at = args.indexOf(override[i]!);
        if (at >= 0) args.splice(at, 2);
        args.push(override[i]!, override[i + 1]!);
      }
      const run = await velero(second, args);
      assert.equal(run.code, 1, `${override.join(" ")}: ${run.stdout}${run.stderr}`);
      assert.match(run.stderr, message);
      assert.doesNotMatch(run.stdout, /attempting to create/);
    }
    await hasNoInstallation(second);
  });

  it("installs from nothing: every object exists with Velero's shape", async () => {
    const run = await velero(first, installArgs);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Deployment\/velero: created\n/);
    assert.match(
      run.stdout,
      /Velero is installed! ⛵ Use 'kubectl logs deployment\/velero -n velero' to view the status.\n$/,
    );
    const crds = await first.kubectl([
      "wait",
      "--for=condition=Established",
      "crd",
      "-l",
      "component=velero",
      "--timeout=30s",
    ]);
    assert.equal(crds.stdout.trim().split("\n").length, 13, crds.stderr);
    const bsl = (await kubectlJson(first, [
      "get",
      "backupstoragelocation",
      "default",
      "-n",
      "velero",
    ])) as {
      spec: Record<string, unknown>;
    };
    assert.deepEqual(bsl.spec["objectStorage"], { bucket: "backups" });
    assert.equal(bsl.spec["default"], true);
    const secret = (await kubectlJson(first, [
      "get",
      "secret",
      "cloud-credentials",
      "-n",
      "velero",
    ])) as {
      data: { cloud: string };
    };
    assert.equal(Buffer.from(secret.data.cloud, "base64").toString(), credentials);
    const ds = (await kubectlJson(first, ["get", "daemonset", "node-agent", "-n", "velero"])) as {
      spec: { template: { spec: { volumes: { name: string; hostPath?: { path: string } }[] } } };
    };
    const hostPods = ds.spec.template.spec.volumes.find((v) => v.name === "host-pods");
    assert.equal(hostPods?.hostPath?.path, "/var/lib/kubelet/pods");
  });

  it("runs the agent: Deployment Available, pod Running, start line in its log, status requests answered", async (t) => {
    // --wait without --use-node-agent: the node-agent program does not exist yet, its pods crash.
    const waited = await velero(first, [
      ...installArgs.filter((a) => a !== "--use-node-agent"),
      "--wait",
    ]);
    assert.equal(waited.code, 0, waited.stdout + waited.stderr);
    assert.match(waited.stdout, /Waiting for Velero deployment to be ready.\n/);
    const deployment = (await kubectlJson(first, [
      "get",
      "deployment",
      "velero",
      "-n",
      "velero",
    ])) as {
      status: { conditions: { type: string; status: string }[]; availableReplicas?: number };
    };
    assert.ok(
      deployment.status.conditions.some((c) => c.type === "Available" && c.status === "True"),
    );
    assert.equal(deployment.status.availableReplicas, 1);
    await checkNodeAgentPods(t);
    await waitFor("a Running agent pod", 120_000, async () => {
      const phases = await first.kubectl([
        "get",
        "pods",
        "-n",
        "velero",
        "-l",
        "deploy=velero",
        "-o",
        "jsonpath={.items[*].status.phase}",
      ]);
      return /Running/.test(phases.stdout) ? true : undefined;
    });
    const running = await first.kubectl([
      "get",
      "pods",
      "-n",
      "velero",
      "-l",
      "deploy=velero",
      "-o",
      "jsonpath={.items[*].status.phase}",
    ]);
    assert.match(running.stdout, /Running/);
    const logs = await waitFor("the agent's start line", 60_000, async () => {
      const result = await first.kubectl(["logs", "deploy/velero", "-n", "velero"]);
      return /agent starting/.test(result.stdout) ? result.stdout : undefined;
    });
    assert.match(logs, /namespace=velero|"namespace":"velero"/);
    const ssr =
      "apiVersion: velero.io/v1\nkind: ServerStatusRequest\nmetadata:\n  name: e2e-version\n  namespace: velero\n";
    assert.equal((await first.kubectl(["apply", "-f", "-"], { input: ssr })).code, 0);
    const version = await waitFor("the ServerStatusRequest to be processed", 120_000, async () => {
      const got = (await kubectlJson(first, [
        "get",
        "serverstatusrequest",
        "e2e-version",
        "-n",
        "velero",
      ])) as {
        status?: { phase?: string; serverVersion?: string };
      };
      return got.status?.phase === "Processed" ? got.status.serverVersion : undefined;
    }).catch(async (error: unknown) => {
      throw new Error(`${String(error)}\n${await agentLogs(first)}`);
    });
    assert.match(version, /^v\d+\.\d+\.\d+/);
  });

  it("changes nothing when run again: no object install owns is written", async () => {
    const { items } = await dryRunItems();
    const before = await installation(first, items);
    const run = await velero(first, installArgs);
    assert.equal(run.code, 0, run.stderr);
    assert.doesNotMatch(run.stdout, /: created\n|updated to match/);
    assert.equal(run.stdout.match(/already exists, proceeding/g)?.length, items.length);
    const after = await installation(first, items);
    const meta = (o: Record<string, unknown> | undefined) =>
      o?.["metadata"] as { resourceVersion?: string; generation?: number };
    for (const [key, object] of before) {
      const kind = key.split("/")[0] ?? "";
      if (["Deployment", "DaemonSet"].includes(kind)) {
        // Controllers keep writing their status; the spec's generation must not move.
        assert.equal(meta(after.get(key)).generation, meta(object).generation, key);
      } else if (["BackupStorageLocation", "VolumeSnapshotLocation"].includes(kind)) {
        // The agent records validation results in status; the rest must not change.
        assert.deepEqual(comparable(after.get(key)!), comparable(object), key);
      } else {
        assert.equal(meta(after.get(key)).resourceVersion, meta(object).resourceVersion, key);
      }
    }
  });

  it("gives the same installation through --dry-run -o yaml | kubectl apply -f - on a fresh cluster", async () => {
    const { yaml, items } = await dryRunItems();
    let applied = await second.kubectl(["apply", "-f", "-"], { input: yaml });
    if (
      applied.code !== 0 &&
      /no matches for kind "(BackupStorage|VolumeSnapshot)Location"/.test(applied.stderr)
    ) {
      // kubectl maps every kind before applying anything, so the locations need a second pass
      // once their CRDs exist (Velero's own output behaves the same).
      const established = await second.kubectl([
        "wait",
        "--for=condition=Established",
        "crd",
        "-l",
        "component=velero",
        "--timeout=30s",
      ]);
      assert.equal(established.code, 0, established.stderr);
      applied = await second.kubectl(["apply", "-f", "-"], { input: yaml });
    }
    assert.equal(applied.code, 0, applied.stderr);
    const ours = await installation(first, items);
    const theirs = await installation(second, items);
    assert.equal(theirs.size, items.length);
    for (const [key, object] of ours) {
      assert.deepEqual(comparable(theirs.get(key)!), comparable(object), key);
    }
  });

  it("uninstalls only after confirmation, and --force removes everything", async () => {
    const declined = await velero(first, ["uninstall"], "n\n");
    assert.equal(declined.code, 0, declined.stderr);
    assert.match(
      declined.stdout,
      /You are about to uninstall Velero.\nAre you sure you want to continue \(Y\/N\)\? /,
    );
    assert.equal((await first.kubectl(["get", "namespace", "velero"])).code, 0, "still installed");
    const removed = await velero(first, ["uninstall", "--force"]);
    assert.equal(removed.code, 0, removed.stderr);
    assert.match(removed.stdout, /Velero uninstalled ⛵\n$/);
    await hasNoInstallation(first);
  });
});
