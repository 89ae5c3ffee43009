// Restore benchmark: N objects (ConfigMaps, Secrets, Services, ServiceAccounts) over M
// namespaces created with `kubectl create -f` in a local test cluster (child process, no
// controllers), the rate of that create being the same-run baseline; then backed up by the
// agent's backup controller, the namespaces deleted, and restored by the restore controller
// (agent in this process, filesystem location). Reports objects/s and the ratio to kubectl.
// Run by hand: npx tsx bench/restore/restore-bench.ts [--objects 10000] [--namespaces 100]
// [--concurrency 16]
import { spawn, execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createAgentHarness } from "../../agent/backup/testing/agent-harness.js";
import { backupController } from "../../agent/controllers/backup-controller.js";
import { createRestoreController } from "../../agent/controllers/restore-controller.js";
import type { KubeObject } from "../../lib/kube/index.js";
import { RestoreMeter, type RestoreCost } from "./restore-meter.js";

const { values } = parseArgs({
  options: {
    objects: { type: "string", default: "10000" },
    namespaces: { type: "string", default: "100" },
    concurrency: { type: "string", default: "16" },
  },
});
const objectCount = Number(values.objects);
const namespaceCount = Number(values.namespaces);
const concurrency = Number(values.concurrency);

function namespaceNames(): string[] {
  return Array.from({ length: namespaceCount }, (_, i) => `rb-${String(i)}`);
}

function labels(i: number): Record<string, string> {
  return { app: `app-${String(i % 50)}`, tier: ["web", "api", "db"][i % 3] ?? "web" };
}

function objectAt(i: number, namespace: string): KubeObject {
  const metadata = { name: `obj-${String(i)}`, namespace, labels: labels(i) };
  switch (i % 4) {
    case 0:
      return {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata,
        data: { config: `value ${String(i)} `.repeat(16), other: "x" },
      };
    case 1:
      return {
        apiVersion: "v1",
        kind: "Secret",
        type: "Opaque",
        metadata,
        data: { password: Buffer.from(`p@ss-${String(i)}`).toString("base64") },
      };
    case 2:
      return {
        apiVersion: "v1",
        kind: "Service",
        metadata,
        spec: { selector: labels(i), ports: [{ port: 80, targetPort: 8080 }] },
      };
    default:
      return { apiVersion: "v1", kind: "ServiceAccount", metadata };
  }
}

function benchList(): KubeObject {
  const namespaces = namespaceNames();
  const items: KubeObject[] = namespaces.map((name) => ({
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name },
  }));
  for (let i = 0; i < objectCount; i++) {
    items.push(objectAt(i, namespaces[i % namespaces.length] ?? "rb-0"));
  }
  return { apiVersion: "v1", kind: "List", items };
}

function run(command: string, args: readonly string[]): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile(command, args, { maxBuffer: 256 * 1024 * 1024 }, (error, _out, stderr) => {
      if (error !== null) reject(new Error(`${command} ${args.join(" ")}: ${stderr}`));
      else resolve(performance.now() - started);
    });
  });
}

async function startCluster(
  dir: string,
): Promise<{ kubeconfig: string; pid: number; stop: () => void }> {
  const kubeconfig = join(dir, "kubeconfig");
  const nodeArgs = (process.env["BENCH_SERVER_NODE_ARGS"] ?? "").split(" ").filter((a) => a !== "");
  const args = [...nodeArgs, "--import", "tsx", "test/cluster/main.ts", "--name", "rbench"];
  args.push("--kubeconfig", kubeconfig, "--data-dir", join(dir, "data"), "--no-controllers");
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes(" ready at ")) resolve();
    });
    child.once("exit", (code) => {
      reject(new Error(`cluster exited with ${String(code)}`));
    });
  });
  return { kubeconfig, pid: child.pid ?? 0, stop: () => child.kill("SIGTERM") };
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "restore-bench-"));
  const cluster = await startCluster(dir).catch(async (error: unknown) => {
    await rm(dir, { recursive: true, force: true });
    throw error;
  });
  const kubectl = (...args: string[]): Promise<number> =>
    run("kubectl", [
      "--kubeconfig",
      cluster.kubeconfig,
      "--cache-dir",
      join(dir, "cache"),
      ...args,
    ]);
  const agent = await createAgentHarness({ kubeconfigPath: cluster.kubeconfig });
  const meter = new RestoreMeter(agent.ctx.rest, cluster.pid, (r) =>
    r.path.endsWith("/restores/bench-restore"),
  );
  try {
    const file = join(dir, "objects.json");
    await writeFile(file, JSON.stringify(benchList()));
    const kubectlMs = await kubectl("create", "-f", file);
    await agent.createLocation("default", { isDefault: true });
    const scratchDir = join(dir, "scratch");
    await agent.start([
      backupController,
      (ctx) =>
        createRestoreController({ ...ctx, config: { ...ctx.config, scratchDir } }, { concurrency }),
    ]);
    await agent.createBackup("bench", { includedNamespaces: namespaceNames() });
    const backup = await agent.waitForBackup("bench", undefined, 30 * 60_000);
    if (backup.status?.phase !== "Completed") throw new Error(JSON.stringify(backup.status));
    await kubectl("delete", "namespace", ...namespaceNames(), "--wait=true", "--timeout=30m");
    const restore = await timeRestore(agent.ctx.velero, meter);
    report({ kubectlMs, ...restore });
    process.stdout.write(
      `agent REST client: ${agent.ctx.rest.usesHttp2 ? "HTTP/2" : "HTTP/1.1"}\n`,
    );
    if (process.env["BENCH_RESTORE_LOG"] !== undefined) {
      const store = (await agent.ctx.locations.open("default")).store;
      const log = await store.getRestoreLog("bench-restore");
      for await (const chunk of log ?? []) process.stderr.write(String(chunk));
    }
  } finally {
    await agent.stop();
    cluster.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

interface RestoreRun {
  readonly restoreMs: number;
  readonly itemsRestored: number;
  readonly phase: string;
  readonly cost: RestoreCost;
}

async function timeRestore(
  velero: Awaited<ReturnType<typeof createAgentHarness>>["ctx"]["velero"],
  meter: RestoreMeter,
): Promise<RestoreRun> {
  meter.start();
  const started = performance.now();
  const window = { from: monotonicMicros(), to: 0 };
  await velero.restores.create({
    apiVersion: "velero.io/v1",
    kind: "Restore",
    metadata: { name: "bench-restore", namespace: velero.namespace },
    spec: { backupName: "bench" },
  });
  let inProgressAt: number | undefined;
  for (;;) {
    const current = await velero.restores.get("bench-restore");
    const phase = current.status?.phase ?? "";
    if (phase === "InProgress" && inProgressAt === undefined) {
      inProgressAt = performance.now();
      process.stderr.write(`InProgress after ${(inProgressAt - started).toFixed(0)} ms\n`);
    }
    if (["Completed", "PartiallyFailed", "Failed", "FailedValidation"].includes(phase)) {
      window.to = monotonicMicros();
      process.stderr.write(
        `restore window (monotonic µs, as in .cpuprofile): FROM=${String(window.from)} TO=${String(window.to)}\n`,
      );
      return {
        restoreMs: performance.now() - started,
        itemsRestored: current.status?.progress?.itemsRestored ?? 0,
        phase,
        cost: meter.stop(),
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function monotonicMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

function costLines(r: RestoreRun): string[] {
  const items = Math.max(1, r.itemsRestored);
  const perItem = (ms: number): string => (ms / items).toFixed(2);
  const requests = Object.entries(r.cost.requests)
    .map(([method, count]) => `${method} ${(count / items).toFixed(2)}`)
    .join(", ");
  const busiest = Math.max(r.cost.agentCpuMs, r.cost.clusterCpuMs, 1);
  return [
    `CPU per item: agent ${perItem(r.cost.agentCpuMs)} ms, cluster ${perItem(r.cost.clusterCpuMs)} ms (elapsed ${perItem(r.restoreMs)} ms)`,
    `requests per item: ${requests}`,
    `CPU-bound ceiling (busiest process on its own core): ${((items * 1000) / busiest).toFixed(0)} objects/s`,
  ];
}

function report(r: RestoreRun & { kubectlMs: number }) {
  const total = objectCount + namespaceCount;
  const kubectlRate = total / (r.kubectlMs / 1000);
  const restoreRate = r.itemsRestored / (r.restoreMs / 1000);
  const lines = [
    `objects: ${String(objectCount)} over ${String(namespaceCount)} namespaces (${String(total)} with the namespaces)`,
    `kubectl create -f: ${(r.kubectlMs / 1000).toFixed(1)} s, ${kubectlRate.toFixed(0)} objects/s`,
    `restore (${r.phase}, concurrency ${String(concurrency)}): ${String(r.itemsRestored)} items in ${(r.restoreMs / 1000).toFixed(1)} s, ${restoreRate.toFixed(0)} objects/s`,
    `ratio restore/kubectl: ${(restoreRate / kubectlRate).toFixed(2)}`,
    `target (issue 4, >= 1000 objects/s): ${restoreRate >= 1000 ? "met" : "not met"} (${restoreRate.toFixed(0)} objects/s)`,
    ...costLines(r),
    `machine: ${String(cpus().length)} cores, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  ];
  process.stdout.write(lines.join("\n") + "\n");
}

await main();
