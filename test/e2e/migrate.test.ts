// `kubectl velero migrate` end to end: two local test clusters with the agent running in this
// process against one RGW bucket; an application with a CRD migrated and compared object by
// object, with namespace mappings, a dry run, an interrupted run resumed, a second run with
// --existing-resource-policy update, a target lacking an API version, and a target without
// the agent.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { createAgentHarness, type AgentHarness } from "../../agent/backup/testing/agent-harness.js";
import { controllerFactories } from "../../agent/controller-registry.js";
import { createRestoreController } from "../../agent/controllers/restore-controller.js";
import type { AgentControllerFactory } from "../../agent/agent-context.js";
import { MIGRATION_ID_LABEL } from "../../kubectl-velero/migrate/migration-id.js";
import { runCaptured, type CapturedRun } from "../../kubectl-velero/testing/run-captured.js";
import { assertRestoredEqual } from "../helpers/compare-objects.js";
import { startTestCluster, type TestCluster } from "../helpers/local-cluster.js";
import { startRgw } from "../helpers/rgw.js";

const REPO_ROOT = new URL("../..", import.meta.url).pathname;

const rgw = await startRgw();
after(() => rgw.stop());
await rgw.createBucket("migrate");

const source = await startTestCluster({ name: "migrate-src" });
const target = await startTestCluster({ name: "migrate-dst" });
const bare = await startTestCluster({ name: "migrate-bare" });

const scratch = await mkdtemp(join(tmpdir(), "migrate-e2e-"));
after(() => rm(scratch, { recursive: true, force: true }));

const agents: AgentHarness[] = [];
after(async () => {
  for (const agent of agents) await agent.stop();
});

function factories(dir: string): AgentControllerFactory[] {
  return controllerFactories.map((factory) =>
    factory.name === "restoreController"
      ? (ctx) =>
          createRestoreController(
            { ...ctx, config: { ...ctx.config, scratchDir: dir } },
            { progressIntervalMs: 200, pollMs: 100 },
          )
      : factory,
  );
}

async function startAgent(cluster: TestCluster, name: string): Promise<AgentHarness> {
  const agent = await createAgentHarness({ kubeconfigPath: cluster.kubeconfigPath });
  agents.push(agent);
  await agent.start(factories(join(scratch, name)));
  return agent;
}

const sourceAgent = await startAgent(source, "src");
await startAgent(target, "dst");

const credentials = Buffer.from(
  `[default]\naws_access_key_id=${rgw.accessKey}\naws_secret_access_key=${rgw.secretKey}\n`,
).toString("base64");
await kubectlOk(source, ["apply", "-f", "-"], {
  apiVersion: "v1",
  kind: "Secret",
  metadata: { name: "cloud-credentials", namespace: "velero" },
  data: { cloud: credentials },
});
await sourceAgent.ctx.velero.backupStorageLocations.create({
  apiVersion: "velero.io/v1",
  kind: "BackupStorageLocation",
  metadata: { name: "default", namespace: "velero" },
  spec: {
    provider: "aws",
    default: true,
    objectStorage: { bucket: "migrate", prefix: "e2e" },
    config: { region: rgw.region, s3ForcePathStyle: "true", s3Url: rgw.endpoint },
    credential: { name: "cloud-credentials", key: "cloud" },
  },
});

async function kubectlOk(
  cluster: TestCluster,
  args: readonly string[],
  input?: unknown,
): Promise<string> {
  const result = await cluster.kubectl(args, {
    timeoutMs: 60_000,
    ...(input === undefined ? {} : { input: JSON.stringify(input) }),
  });
  assert.equal(result.code, 0, `kubectl ${args.join(" ")}: ${result.stderr}`);
  return result.stdout;
}

function migrateArgs(extra: readonly string[]): string[] {
  return [
    "migrate",
    "--from-kubeconfig",
    source.kubeconfigPath,
    "--to-kubeconfig",
    target.kubeconfigPath,
    "--timeout",
    "3m",
    ...extra,
  ];
}

function migrate(...extra: string[]): Promise<CapturedRun> {
  return runCaptured(migrateArgs(extra));
}

function crd(group: string, kind: string, plural: string): unknown {
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: `${plural}.${group}` },
    spec: {
      group,
      scope: "Namespaced",
      names: { kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List` },
      versions: [
        {
          name: "v1",
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
          },
        },
      ],
    },
  };
}

function application(ns: string): unknown[] {
  const labels = { app: "shop" };
  return [
    { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } },
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: ns, labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: { containers: [{ name: "web", image: "nginx:1.27" }] },
        },
      },
    },
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "web", namespace: ns, labels },
      spec: { selector: labels, ports: [{ port: 80, targetPort: 8080 }] },
    },
    {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "settings", namespace: ns },
      data: { color: "blue" },
    },
    {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "db", namespace: ns },
      type: "Opaque",
      data: { password: Buffer.from("s3cret").toString("base64") },
    },
    {
      apiVersion: "v1",
      kind: "PersistentVolumeClaim",
      metadata: { name: "data", namespace: ns },
      spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } },
    },
    {
      apiVersion: "example.com/v1",
      kind: "Widget",
      metadata: { name: "w1", namespace: ns },
      spec: { size: 3 },
    },
  ];
}

const kinds = [
  "deployment/web",
  "service/web",
  "configmap/settings",
  "secret/db",
  "pvc/data",
  "widget/w1",
];

async function getJson(cluster: TestCluster, ref: string, ns: string): Promise<unknown> {
  return JSON.parse(await kubectlOk(cluster, ["get", ref, "-n", ns, "-o", "json"]));
}

async function assertArrived(ns: string, targetNs: string): Promise<void> {
  for (const ref of kinds) {
    const original = await getJson(source, ref, ns);
    const restored = await getJson(target, ref, targetNs);
    assertRestoredEqual(restored, original, { namespace: ns }, `${ref} on the target`);
  }
}

async function veleroNames(cluster: TestCluster): Promise<string[]> {
  const out = await kubectlOk(cluster, [
    "get",
    "backups,restores,backupstoragelocations,secrets",
    "-n",
    "velero",
    "-o",
    "name",
  ]);
  return out
    .split("\n")
    .filter((l) => l !== "")
    .sort();
}

await kubectlOk(source, ["apply", "-f", "-"], crd("example.com", "Widget", "widgets"));
await kubectlOk(source, ["wait", "--for=condition=Established", "crd/widgets.example.com"]);
await kubectlOk(source, ["apply", "-f", "-"], {
  apiVersion: "v1",
  kind: "List",
  items: application("shop"),
});

describe("kubectl velero migrate", { timeout: 15 * 60_000 }, () => {
  it("prints the plan with --dry-run and changes nothing in either cluster", async () => {
    const before = [await veleroNames(source), await veleroNames(target)];
    const run = await migrate("--include-namespaces", "shop", "--dry-run");
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^Dry run: nothing is changed in either cluster\./);
    assert.match(run.stdout, /create ReadOnly location "migrate-from-[a-z0-9-]+"/);
    assert.match(run.stdout, /create backup "migrate-[0-9a-f]{10}-\d{14}"/);
    assert.match(run.stdout, /kind: Backup[\s\S]*- shop/);
    assert.deepEqual([await veleroNames(source), await veleroNames(target)], before);
  });

  it("moves an application with a custom resource and reports that everything arrived", async () => {
    const run = await migrate("--include-namespaces", "shop");
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /\[1\/7\] Checking that both clusters run the agent/);
    assert.match(run.stdout, /\[4\/7\] Waiting for target cluster .* to sync backup/);
    assert.match(run.stdout, /apps\/v1\/Deployment\s+1\s+1\s+0(\s+0\s+0)?\n/);
    assert.match(run.stdout, /example\.com\/v1\/Widget\s+1\s+1\s+0(\s+0\s+0)?\n/);
    assert.match(run.stdout, /Everything arrived\.\n$/);
    await assertArrived("shop", "shop");
    const location = JSON.parse(
      await kubectlOk(target, ["get", "backupstoragelocations", "-n", "velero", "-o", "json"]),
    ) as { items: { spec: { accessMode?: string } }[] };
    assert.deepEqual(
      location.items.map((l) => l.spec.accessMode),
      ["ReadOnly"],
    );
  });

  it("brings the target up to date with --existing-resource-policy update", async () => {
    await kubectlOk(source, [
      "patch",
      "configmap",
      "settings",
      "-n",
      "shop",
      "-p",
      '{"data":{"color":"green"}}',
    ]);
    const run = await migrate(
      "--include-namespaces",
      "shop",
      "--existing-resource-policy",
      "update",
      "-o",
      "json",
    );
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    const report = JSON.parse(run.stdout) as { arrived: boolean; backup: string };
    assert.equal(report.arrived, true);
    const settings = (await getJson(target, "configmap/settings", "shop")) as {
      data: Record<string, string>;
    };
    assert.equal(settings.data["color"], "green");
    await assertArrived("shop", "shop");
  });

  it("restores into other namespaces with --namespace-mappings", async () => {
    const run = await migrate(
      "--include-namespaces",
      "shop",
      "--namespace-mappings",
      "shop:shop-copy",
    );
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    await assertArrived("shop", "shop-copy");
  });

  it("resumes an interrupted migration without a second backup", async () => {
    const args = ["--include-namespaces", "shop", "--namespace-mappings", "shop:shop-resumed"];
    await interruptAfterBackup(migrateArgs(args));
    const labelled = async (): Promise<string[]> =>
      (await sourceAgent.ctx.velero.backups.list())
        .filter((b) => b.metadata.labels?.[MIGRATION_ID_LABEL] !== undefined)
        .map((b) => b.metadata.name ?? "");
    const before = await labelled();
    const run = await migrate(...args);
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /resume unfinished backup|Resuming backup/);
    assert.deepEqual(await labelled(), before, "no second backup");
    await assertArrived("shop", "shop-resumed");
  });

  it("stops before restoring when the target does not serve an API version of the backup", async () => {
    await kubectlOk(source, ["apply", "-f", "-"], crd("example.org", "Gadget", "gadgets"));
    await kubectlOk(source, ["wait", "--for=condition=Established", "crd/gadgets.example.org"]);
    await kubectlOk(source, ["create", "namespace", "lab"]);
    await kubectlOk(source, ["apply", "-f", "-"], {
      apiVersion: "example.org/v1",
      kind: "Gadget",
      metadata: { name: "g1", namespace: "lab" },
      spec: {},
    });
    const restoresBefore = await kubectlOk(target, [
      "get",
      "restores",
      "-n",
      "velero",
      "-o",
      "name",
    ]);
    const run = await migrate(
      "--include-namespaces",
      "lab",
      "--exclude-resources",
      "customresourcedefinitions.apiextensions.k8s.io",
    );
    assert.equal(run.code, 1, run.stdout);
    assert.match(run.stderr, /does not serve API versions the backup needs; nothing was restored/);
    assert.match(run.stderr, /example\.org\/v1\/Gadget \(1 item\): not served at all/);
    assert.equal(
      await kubectlOk(target, ["get", "restores", "-n", "velero", "-o", "name"]),
      restoresBefore,
    );
  });

  it("says clearly when the target has no agent, and how to install it", async () => {
    const run = await runCaptured([
      "migrate",
      "--from-kubeconfig",
      source.kubeconfigPath,
      "--to-kubeconfig",
      bare.kubeconfigPath,
      "--include-namespaces",
      "shop",
    ]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /Velero is not installed in the target cluster "[^"]+"/);
    assert.match(run.stderr, /kubectl velero install --kubeconfig .* --provider/);
  });
});

/** Runs the CLI as a child process and kills it once the backup step is over. */
async function interruptAfterBackup(args: readonly string[]): Promise<void> {
  const child = spawn(process.execPath, ["--import", "tsx", "kubectl-velero/main.ts", ...args], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const killed = await new Promise<boolean>((resolve) => {
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("[4/7]")) {
        child.kill("SIGKILL");
        resolve(true);
      }
    });
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    void exited.then(() => {
      resolve(false);
    });
  });
  await exited;
  assert.ok(killed, `the CLI ended before the backup step was over:\n${output}`);
  assert.match(output, /Backup completed with status: Completed/);
}
