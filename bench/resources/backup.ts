// Backup benchmark: N objects over M namespaces in a local test cluster (child process), backed
// up in full by the agent (child process, compiled as the image compiles it) into a filesystem
// location. Reports objects/s, agent CPU, the agent's peak RSS (VmHWM), the ratio to the floor
// measured in the same run (every type the backup lists, paged, gzipped to a file, in one
// process) and a `kubectl get -A -o json` baseline of the same types.
// Run by hand: npx tsx bench/resources/backup.ts [--objects 10000] [--namespaces 100] [--no-kubectl]
// [--seed-cache DIR]
import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { access, cp, mkdir, mkdtemp, rename, rm, stat } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { finished } from "node:stream/promises";
import { parseArgs } from "node:util";
import { createGzip } from "node:zlib";
import { KubeConfig } from "@kubernetes/client-node";
import { installVeleroCrds } from "../../agent/backup/testing/agent-harness.js";
import { orderBackupResources } from "../../agent/backup/resource-discovery.js";
import {
  createVeleroClients,
  discoverResources,
  KubeRestClient,
  resourcePath,
} from "../../lib/kube/index.js";
import {
  buildAgent,
  cpuSecondsOf,
  memoryOf,
  spawnNode,
  stopChild,
  type Child,
} from "./backup-processes.js";
import { seedClusterData } from "./generate.js";

/**
 * The kubectl baseline: `kubectl get` of every type the backup lists, all namespaces, JSON,
 * paged as the backup pages, written to a file; wall time and peak RSS from /usr/bin/time.
 */
async function kubectlBaseline(
  rest: KubeRestClient,
  options: { kubeconfig: string; pageSize: number; file: string; cacheDir: string },
): Promise<{ ms: number; peakMb: number }> {
  const catalog = await discoverResources(rest);
  const types = orderBackupResources(catalog.preferred()).map((t) => t.groupResource);
  const args = [
    "-f",
    "%M",
    "kubectl",
    "--kubeconfig",
    options.kubeconfig,
    "--cache-dir",
    options.cacheDir,
    "get",
    types.join(","),
    "--all-namespaces",
    "-o",
    "json",
    `--chunk-size=${String(options.pageSize)}`,
  ];
  const started = performance.now();
  const out = createWriteStream(options.file);
  const child = spawn("/usr/bin/time", args, { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.pipe(out);
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  await finished(out);
  if (code !== 0) throw new Error(`kubectl get failed: ${stderr}`);
  const peakKb = Number(/(\d+)\s*$/.exec(stderr.trim())?.[1] ?? 0);
  return { ms: performance.now() - started, peakMb: peakKb / 1024 };
}

/** The floor: every type the backup lists, paged, raw answers gzipped (level 1) to a file. */
async function floor(
  rest: KubeRestClient,
  pageSize: number,
  file: string,
): Promise<{ ms: number; cpuSeconds: number; items: number }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const catalog = await discoverResources(rest);
  const types = orderBackupResources(catalog.preferred());
  const gzip = createGzip({ level: 1 });
  const out = createWriteStream(file);
  gzip.pipe(out);
  let items = 0;
  for (const type of types) {
    let token: string | undefined;
    do {
      const response = await rest.stream({
        method: "GET",
        path: resourcePath(type),
        query: { limit: pageSize, continue: token },
      });
      const chunks: Buffer[] = [];
      for await (const chunk of response) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      if (!gzip.write(body)) await new Promise((resolve) => gzip.once("drain", resolve));
      const page = JSON.parse(body.toString("utf8")) as {
        items: unknown[];
        metadata?: { continue?: string };
      };
      items += page.items.length;
      token = page.metadata?.continue === "" ? undefined : page.metadata?.continue;
    } while (token !== undefined);
  }
  gzip.end();
  await finished(out);
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - started, cpuSeconds: (used.user + used.system) / 1e6, items };
}

async function setUpAgentNamespace(rest: KubeRestClient, storageRoot: string): Promise<void> {
  await installVeleroCrds(rest);
  await rest.request({
    method: "POST",
    path: "/api/v1/namespaces",
    body: { apiVersion: "v1", kind: "Namespace", metadata: { name: "velero" } },
  });
  const velero = createVeleroClients(rest, "velero");
  await mkdir(join(storageRoot, "bench"), { recursive: true });
  await velero.backupStorageLocations.create({
    apiVersion: "velero.io/v1",
    kind: "BackupStorageLocation",
    metadata: { name: "default", namespace: "velero" },
    spec: {
      provider: "velero.io/filesystem",
      objectStorage: { bucket: "bench" },
      config: { path: storageRoot },
      default: true,
    },
  });
  await velero.backupStorageLocations.patchStatus("default", { phase: "Available" });
}

async function runBackup(
  rest: KubeRestClient,
  name: string,
): Promise<{ ms: number; items: number; phase: string }> {
  const velero = createVeleroClients(rest, "velero");
  const started = performance.now();
  await velero.backups.create({
    apiVersion: "velero.io/v1",
    kind: "Backup",
    metadata: { name, namespace: "velero" },
    spec: {},
  });
  for (;;) {
    const backup = await velero.backups.get(name);
    const phase = backup.status?.phase ?? "";
    if (["Completed", "PartiallyFailed", "Failed", "FailedValidation"].includes(phase)) {
      return {
        ms: performance.now() - started,
        items: backup.status?.progress?.itemsBackedUp ?? 0,
        phase,
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const say = (text: string): void => {
  process.stderr.write(`[bench] ${text}\n`);
};

interface Settings {
  readonly objects: number;
  readonly namespaces: number;
  readonly pageSize: number;
  readonly kubectl: boolean;
  readonly dir: string;
  /** Seeded data directories kept between runs (`<objects>x<namespaces>`), when given. */
  readonly seedCache: string | undefined;
}

interface Figures {
  readonly created: number;
  readonly seedSeconds: number;
  readonly floors: { ms: number; cpuSeconds: number; items: number }[];
  readonly backup: { ms: number; items: number; phase: string; cpuSeconds: number };
  readonly tarballBytes: number;
  readonly idle: { rssMb: number; hwmMb: number };
  readonly after: { rssMb: number; hwmMb: number };
  readonly kubectl: { ms: number; peakMb: number } | undefined;
}

function startCluster(dir: string): Promise<Child> {
  return spawnNode(
    [
      "--import",
      "tsx",
      "test/cluster/main.ts",
      "--name",
      "bench",
      "--no-controllers",
      "--data-dir",
      join(dir, "cluster"),
      "--kubeconfig",
      join(dir, "kubeconfig"),
    ],
    / ready at /,
  );
}

function startAgent(entry: string, settings: Settings): Promise<Child> {
  const flags = (process.env["BENCH_AGENT_NODE_FLAGS"] ?? "").split(" ").filter((f) => f !== "");
  return spawnNode(
    [
      ...flags,
      "--enable-source-maps",
      entry,
      "velero",
      "server",
      "--kubeconfig",
      join(settings.dir, "kubeconfig"),
      "--namespace",
      "velero",
      "--metrics-address",
      "127.0.0.1:0",
      "--client-page-size",
      String(settings.pageSize),
    ],
    /starting controllers/,
  );
}

/**
 * Seeds the run's cluster data directory, from the seed cache when it holds this size (a copy,
 * since the run adds objects), else seeding it there first. Returns the objects created.
 */
async function seed(settings: Settings): Promise<number> {
  const target = join(settings.dir, "cluster");
  const count = settings.objects + settings.namespaces;
  if (settings.seedCache === undefined) return seedClusterData(target, settings);
  const cached = join(
    settings.seedCache,
    `${String(settings.objects)}x${String(settings.namespaces)}`,
  );
  const exists = await access(join(cached, "objects.jsonl")).then(
    () => true,
    () => false,
  );
  if (!exists) {
    const partial = `${cached}.partial`;
    await rm(partial, { recursive: true, force: true });
    await seedClusterData(partial, settings);
    await rename(partial, cached);
  }
  await cp(cached, target, { recursive: true });
  return count;
}

async function measure(settings: Settings, children: Child[]): Promise<Figures> {
  const { dir, pageSize } = settings;
  say("building the agent as the image does");
  const entry = await buildAgent(join(dir, "agent"));
  say("seeding");
  const seedStart = performance.now();
  const created = await seed(settings);
  const seedSeconds = (performance.now() - seedStart) / 1000;
  children.push(await startCluster(dir));
  const kc = new KubeConfig();
  kc.loadFromFile(join(dir, "kubeconfig"));
  const rest = new KubeRestClient(kc);
  try {
    await setUpAgentNamespace(rest, join(dir, "storage"));
    say("floor 1");
    const floors = [await floor(rest, pageSize, join(dir, "floor-1.json.gz"))];
    say("agent");
    const agent = await startAgent(entry, settings);
    children.push(agent);
    const pid = agent.process.pid ?? 0;
    const idle = await memoryOf(pid);
    say("backup");
    const cpuBefore = await cpuSecondsOf(pid);
    const run = await runBackup(rest, "bench-full");
    const backup = { ...run, cpuSeconds: (await cpuSecondsOf(pid)) - cpuBefore };
    const after = await memoryOf(pid);
    say("floor 2");
    floors.push(await floor(rest, pageSize, join(dir, "floor-2.json.gz")));
    const tarball = await stat(join(dir, "storage/bench/backups/bench-full/bench-full.tar.gz"));
    let kubectl: Figures["kubectl"];
    if (settings.kubectl) {
      say("kubectl");
      kubectl = await kubectlBaseline(rest, {
        kubeconfig: join(dir, "kubeconfig"),
        pageSize,
        file: join(dir, "kubectl.json"),
        cacheDir: join(dir, "kubectl-cache"),
      });
    }
    const tarballBytes = tarball.size;
    return { created, seedSeconds, floors, backup, tarballBytes, idle, after, kubectl };
  } finally {
    rest.close();
  }
}

function report(settings: Settings, f: Figures): string {
  const floorMs = Math.min(...f.floors.map((x) => x.ms));
  const floorCpu = Math.min(...f.floors.map((x) => x.cpuSeconds));
  const items = f.floors[0]?.items ?? 0;
  const rate = (n: number, ms: number): string => (n / (ms / 1000)).toFixed(0);
  const lines = [
    `seeded ${String(f.created)} objects (${String(settings.objects)} + ${String(settings.namespaces)} namespaces) in ${f.seedSeconds.toFixed(1)} s; load average ${loadavg()[0]?.toFixed(1) ?? "?"} on ${String(cpus().length)} cores`,
    `floor: ${String(items)} items listed (page ${String(settings.pageSize)}) + gzipped in ${f.floors.map((x) => x.ms.toFixed(0)).join(" / ")} ms = ${rate(items, floorMs)} objects/s; client CPU ${floorCpu.toFixed(2)} s`,
    `backup: ${f.backup.phase}, ${String(f.backup.items)} items in ${f.backup.ms.toFixed(0)} ms = ${rate(f.backup.items, f.backup.ms)} objects/s; agent CPU ${f.backup.cpuSeconds.toFixed(2)} s (${(f.backup.items / f.backup.cpuSeconds).toFixed(0)} items per CPU-second); tarball ${(f.tarballBytes / 1e6).toFixed(2)} MB`,
    `ratio to floor: ${(f.backup.ms / floorMs).toFixed(2)}x wall, ${(f.backup.cpuSeconds / floorCpu).toFixed(2)}x client CPU`,
  ];
  if (f.kubectl !== undefined) {
    lines.push(
      `kubectl get -A -o json --chunk-size=${String(settings.pageSize)} of the same types: ${f.kubectl.ms.toFixed(0)} ms (${rate(items, f.kubectl.ms)} objects/s), peak RSS ${f.kubectl.peakMb.toFixed(0)} MB; backup/kubectl time ratio ${(f.backup.ms / f.kubectl.ms).toFixed(2)}x`,
    );
  }
  lines.push(
    `agent memory: idle RSS ${f.idle.rssMb.toFixed(0)} MB, after backup RSS ${f.after.rssMb.toFixed(0)} MB, peak (VmHWM) ${f.after.hwmMb.toFixed(0)} MB`,
    "",
  );
  return lines.join("\n");
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      objects: { type: "string", default: "10000" },
      namespaces: { type: "string", default: "100" },
      "page-size": { type: "string", default: "500" },
      "no-kubectl": { type: "boolean", default: false },
      "seed-cache": { type: "string" },
    },
  });
  const settings: Settings = {
    objects: Number(values.objects),
    namespaces: Number(values.namespaces),
    pageSize: Number(values["page-size"]),
    kubectl: !values["no-kubectl"],
    dir: await mkdtemp(join(tmpdir(), "bench-backup-")),
    seedCache: values["seed-cache"],
  };
  const children: Child[] = [];
  try {
    const figures = await measure(settings, children);
    process.stdout.write(report(settings, figures));
  } finally {
    for (const child of children.reverse()) await stopChild(child);
    await rm(settings.dir, { recursive: true, force: true });
  }
}

await main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
