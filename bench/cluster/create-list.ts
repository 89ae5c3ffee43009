// Benchmark of the local test cluster's API server: 10,000 ConfigMaps created over 100
// namespaces by a concurrent keep-alive HTTPS client, then listed across all namespaces in pages
// of 500 (as client-go pages); the same-run baseline is the round-trip rate of GET /version.
// Run by hand: npx tsx bench/cluster/create-list.ts [--objects N] [--concurrency C]
// [--no-controllers]; BENCH_SERVER_NODE_ARGS="--cpu-prof" profiles the server.
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { Agent, request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { parse } from "yaml";

interface Target {
  readonly url: string;
  readonly token: string;
  readonly agent: Agent;
}

function call(
  target: Target,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      `${target.url}${path}`,
      {
        method,
        agent: target.agent,
        headers: {
          Authorization: `Bearer ${target.token}`,
          Accept: "application/json",
          ...(payload === undefined
            ? {}
            : { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(payload) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") });
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

async function pool(
  total: number,
  concurrency: number,
  work: (index: number) => Promise<void>,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < total) {
      const index = next;
      next += 1;
      await work(index);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return performance.now() - started;
}

async function expectOk(promise: Promise<{ status: number; body: string }>): Promise<string> {
  const { status, body } = await promise;
  if (status >= 300) throw new Error(`HTTP ${status}: ${body.slice(0, 200)}`);
  return body;
}

/** CPU seconds (user + system) the process has used so far, from /proc (Linux). */
async function cpuSeconds(pid: number): Promise<number> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

async function targetFrom(kubeconfigPath: string): Promise<Target> {
  const config = parse(await readFile(kubeconfigPath, "utf8")) as {
    clusters: { cluster: { server: string; "certificate-authority-data": string } }[];
    users: { user: { token: string } }[];
  };
  const cluster = config.clusters[0]?.cluster;
  const user = config.users[0]?.user;
  if (cluster === undefined || user === undefined)
    throw new Error("kubeconfig without cluster or user");
  const ca = Buffer.from(cluster["certificate-authority-data"], "base64");
  return {
    url: cluster.server,
    token: user.token,
    agent: new Agent({ keepAlive: true, maxSockets: 64, ca }),
  };
}

async function startServer(
  dir: string,
  controllers: boolean,
): Promise<{ target: Target; pid: number; stop: () => void }> {
  const nodeArgs = (process.env["BENCH_SERVER_NODE_ARGS"] ?? "").split(" ").filter((a) => a !== "");
  const kubeconfig = join(dir, "kubeconfig");
  const program = [
    "test/cluster/main.ts",
    "--name",
    "bench",
    "--nodes",
    "2",
    "--kubeconfig",
    kubeconfig,
  ];
  const args = [
    ...nodeArgs,
    "--import",
    "tsx",
    ...program,
    ...(controllers ? [] : ["--no-controllers"]),
  ];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes(" ready at ")) resolve();
    });
    child.once("exit", (code) => {
      reject(new Error(`cluster exited with ${String(code)}`));
    });
  });
  return {
    target: await targetFrom(kubeconfig),
    pid: child.pid ?? 0,
    stop: () => child.kill("SIGTERM"),
  };
}

interface Phase {
  readonly ms: number;
  readonly cpu: number;
}

async function measure(pid: number, work: () => Promise<unknown>): Promise<Phase> {
  const cpu = await cpuSeconds(pid);
  const started = performance.now();
  await work();
  return { ms: performance.now() - started, cpu: (await cpuSeconds(pid)) - cpu };
}

async function listAll(target: Target): Promise<{ listed: number; pages: number }> {
  let listed = 0;
  let pages = 0;
  let token = "";
  do {
    const query = token === "" ? "" : `&continue=${encodeURIComponent(token)}`;
    const text = await expectOk(call(target, "GET", `/api/v1/configmaps?limit=500${query}`));
    const body = JSON.parse(text) as { items: unknown[]; metadata: { continue?: string } };
    listed += body.items.length;
    pages += 1;
    token = body.metadata.continue ?? "";
  } while (token !== "");
  return { listed, pages };
}

function perCore(count: number, phase: Phase): string {
  return `${((phase.cpu * 1e6) / count).toFixed(0)} µs server CPU each = ${(count / phase.cpu).toFixed(0)}/s per server core`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      objects: { type: "string", default: "10000" },
      namespaces: { type: "string", default: "100" },
      concurrency: { type: "string", default: "64" },
      "no-controllers": { type: "boolean" },
    },
  });
  const objects = Number(values.objects);
  const namespaces = Number(values.namespaces);
  const concurrency = Number(values.concurrency);
  const dir = await mkdtemp(join(tmpdir(), "bench-cluster-"));
  const { target, pid, stop } = await startServer(dir, values["no-controllers"] !== true);
  const version = (): Promise<void> =>
    expectOk(call(target, "GET", "/version")).then(() => undefined);
  try {
    await pool(200, concurrency, version);
    const baseline = await measure(pid, () => pool(5000, concurrency, version));
    await pool(namespaces, concurrency, (i) =>
      expectOk(
        call(target, "POST", "/api/v1/namespaces", {
          apiVersion: "v1",
          kind: "Namespace",
          metadata: { name: `bench-${i}` },
        }),
      ).then(() => undefined),
    );
    const creates = await measure(pid, () =>
      pool(objects, concurrency, (i) =>
        expectOk(
          call(target, "POST", `/api/v1/namespaces/bench-${i % namespaces}/configmaps`, {
            apiVersion: "v1",
            kind: "ConfigMap",
            metadata: { name: `cm-${i}`, labels: { app: "bench", shard: String(i % 10) } },
            data: { index: String(i), payload: "x".repeat(200) },
          }),
        ).then(() => undefined),
      ),
    );
    let result = { listed: 0, pages: 0 };
    const list = await measure(pid, async () => {
      result = await listAll(target);
    });
    const versionRate = 5000 / (baseline.ms / 1000);
    const createRate = objects / (creates.ms / 1000);
    const load = (await readFile("/proc/loadavg", "utf8").catch(() => "?")).split(" ")[0] ?? "?";
    process.stdout.write(
      [
        `machine load average ${load}; client concurrency ${concurrency}; controllers ${values["no-controllers"] === true ? "off" : "on"}`,
        `baseline: GET /version ${versionRate.toFixed(0)} req/s (${perCore(5000, baseline)})`,
        `create: ${objects} configmaps over ${namespaces} namespaces in ${(creates.ms / 1000).toFixed(2)} s = ${createRate.toFixed(0)} creates/s, ${((createRate / versionRate) * 100).toFixed(0)}% of the baseline rate (${perCore(objects, creates)})`,
        `list: ${result.listed} configmaps, all namespaces, ${result.pages} pages of 500, in ${list.ms.toFixed(0)} ms (${(list.cpu * 1000).toFixed(0)} ms server CPU)`,
        "",
      ].join("\n"),
    );
  } finally {
    target.agent.destroy();
    stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
