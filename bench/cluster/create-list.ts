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

async function startServer(
  dir: string,
  controllers: boolean,
): Promise<{ target: Target; stop: () => void }> {
  const nodeArgs = (process.env["BENCH_SERVER_NODE_ARGS"] ?? "").split(" ").filter((a) => a !== "");
  const args = [
    ...nodeArgs,
    "--import",
    "tsx",
    "test/cluster/main.ts",
    "--name",
    "bench",
    "--nodes",
    "2",
    "--kubeconfig",
    join(dir, "kubeconfig"),
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
  const config = parse(await readFile(join(dir, "kubeconfig"), "utf8")) as {
    clusters: { cluster: { server: string; "certificate-authority-data": string } }[];
    users: { user: { token: string } }[];
  };
  const cluster = config.clusters[0]?.cluster;
  const agent = new Agent({
    keepAlive: true,
    maxSockets: 64,
    ca: Buffer.from(cluster?.["certificate-authority-data"] ?? "", "base64"),
  });
  return {
    target: { url: cluster?.server ?? "", token: config.users[0]?.user.token ?? "", agent },
    stop: () => child.kill("SIGTERM"),
  };
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
  const { target, stop } = await startServer(dir, values["no-controllers"] !== true);
  try {
    await pool(200, concurrency, () =>
      expectOk(call(target, "GET", "/version")).then(() => undefined),
    );
    const versionMs = await pool(5000, concurrency, () =>
      expectOk(call(target, "GET", "/version")).then(() => undefined),
    );
    await pool(namespaces, concurrency, (i) =>
      expectOk(
        call(target, "POST", "/api/v1/namespaces", {
          apiVersion: "v1",
          kind: "Namespace",
          metadata: { name: `bench-${i}` },
        }),
      ).then(() => undefined),
    );
    const createMs = await pool(objects, concurrency, (i) =>
      expectOk(
        call(target, "POST", `/api/v1/namespaces/bench-${i % namespaces}/configmaps`, {
          apiVersion: "v1",
          kind: "ConfigMap",
          metadata: { name: `cm-${i}`, labels: { app: "bench", shard: String(i % 10) } },
          data: { index: String(i), payload: "x".repeat(200) },
        }),
      ).then(() => undefined),
    );
    let listed = 0;
    let pages = 0;
    let token = "";
    const listStart = performance.now();
    do {
      const body = JSON.parse(
        await expectOk(
          call(
            target,
            "GET",
            `/api/v1/configmaps?limit=500${token === "" ? "" : `&continue=${encodeURIComponent(token)}`}`,
          ),
        ),
      ) as { items: unknown[]; metadata: { continue?: string } };
      listed += body.items.length;
      pages += 1;
      token = body.metadata.continue ?? "";
    } while (token !== "");
    const listMs = performance.now() - listStart;
    const versionRate = 5000 / (versionMs / 1000);
    const createRate = objects / (createMs / 1000);
    process.stdout.write(
      [
        `baseline: GET /version ${versionRate.toFixed(0)} req/s (concurrency ${concurrency})`,
        `create: ${objects} configmaps in ${(createMs / 1000).toFixed(2)} s = ${createRate.toFixed(0)} creates/s (${((createRate / versionRate) * 100).toFixed(0)}% of the baseline round-trip rate)`,
        `list: ${listed} configmaps (all namespaces, ${pages} pages of 500) in ${listMs.toFixed(0)} ms`,
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
