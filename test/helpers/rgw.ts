// Starts a real S3 server for tests: a single-node Ceph cluster (one monitor, one in-memory
// OSD, no cephx) with the RADOS gateway, on 127.0.0.1 and free ports, in its own temp dir, so
// parallel test files can each run one. RGW checks SigV4 signatures and presigned-URL expiry.
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort } from "./free-port.js";

const run = promisify(execFile);

/** A running RGW, its S3 credentials, and how to stop it. */
export interface RgwServer {
  /** `http://127.0.0.1:<port>`: give it to the aws provider as `s3Url` (path style). */
  readonly endpoint: string;
  readonly accessKey: string;
  readonly secretKey: string;
  readonly region: string;
  /** Creates a bucket with the server's own credentials. */
  createBucket(name: string): Promise<void>;
  /** Stops the daemons and removes the data directory. */
  stop(): Promise<void>;
}

const accessKey = "VELEROAK";
const secretKey = "VELEROSECRET";
const running = new Set<ChildProcess>();
let exitHooksInstalled = false;

/** Starts RGW (about 13 s on 2 cores); always `stop()` it (e.g. in `after`). */
export async function startRgw(): Promise<RgwServer> {
  const dir = await mkdtemp(join(tmpdir(), "kv-rgw-"));
  const daemons: ChildProcess[] = [];
  try {
    const [s3Port, monPort] = [await freePort(), await freePort()];
    const env = { ...process.env, CEPH_CONF: join(dir, "ceph.conf") };
    const fsid = randomUUID();
    await writeCephConf(dir, { fsid, s3Port, monPort });
    await createMonitor(dir, { fsid, monPort }, env);
    daemons.push(startDaemon("ceph-mon", ["-f", "-i", "a"], env));
    await createOsd(env);
    daemons.push(startDaemon("ceph-osd", ["-f", "-i", "0"], env));
    await waitFor("the OSD to come up", 30_000, async () => {
      const { stdout } = await run("ceph", ["osd", "stat"], { env, timeout: 5_000 });
      return stdout.includes("1 up");
    });
    daemons.push(startDaemon("radosgw", ["-f", "-n", "client.rgw"], env));
    const endpoint = `http://127.0.0.1:${s3Port}`;
    await waitFor("RGW to answer", 60_000, () => answers(endpoint));
    await run(
      "radosgw-admin",
      [
        "user",
        "create",
        "--uid=velero",
        "--display-name=velero",
        `--access-key=${accessKey}`,
        `--secret=${secretKey}`,
      ],
      { env, timeout: 60_000 },
    );
    return server(endpoint, async () => {
      await stopDaemons(daemons);
      await rm(dir, { recursive: true, force: true });
    });
  } catch (error) {
    await stopDaemons(daemons);
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

function server(endpoint: string, stop: () => Promise<void>): RgwServer {
  const region = "us-east-1";
  const client = new S3Client({
    endpoint,
    region,
    forcePathStyle: true,
    credentials: { accessKeyId: accessKey, secretAccessKey: secretKey },
  });
  return {
    endpoint,
    accessKey,
    secretKey,
    region,
    createBucket: async (name) => {
      await client.send(new CreateBucketCommand({ Bucket: name }));
    },
    stop: async () => {
      client.destroy();
      await stop();
    },
  };
}

interface Ports {
  readonly fsid: string;
  readonly s3Port: number;
  readonly monPort: number;
}

async function writeCephConf(dir: string, { fsid, s3Port, monPort }: Ports): Promise<void> {
  for (const sub of ["run", "log", "mon-a", "osd-0"]) await mkdir(join(dir, sub));
  const modes = ["client", "mon client", "cluster", "service", "mon service", "mon cluster"];
  const lines = [
    "[global]",
    `fsid = ${fsid}`,
    `mon host = v2:127.0.0.1:${monPort}`,
    "mon initial members = a",
    "auth cluster required = none",
    "auth service required = none",
    "auth client required = none",
    // Without these messenger modes radosgw loops on its first auth request and times out.
    ...modes.map((mode) => `ms ${mode} mode = crc secure`),
    "ms bind ipv6 = false",
    "osd pool default size = 1",
    "osd pool default min size = 1",
    "osd pool default pg num = 8",
    "osd pool default pgp num = 8",
    "osd pool default pg autoscale mode = off",
    "mon allow pool size one = true",
    "mon warn on pool no redundancy = false",
    "osd crush chooseleaf type = 0",
    `run dir = ${dir}/run`,
    `log file = ${dir}/log/$name.log`,
    `admin socket = ${dir}/run/$name.asok`,
    `pid file = ${dir}/run/$name.pid`,
    `mon data = ${dir}/mon-$id`,
    `osd data = ${dir}/osd-$id`,
    "osd objectstore = memstore",
    "memstore device bytes = 2147483648",
    "[client.rgw]",
    `rgw frontends = beast endpoint=127.0.0.1:${s3Port}`,
  ];
  await writeFile(join(dir, "ceph.conf"), lines.join("\n") + "\n");
}

async function createMonitor(
  dir: string,
  { fsid, monPort }: Omit<Ports, "s3Port">,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const keyring = join(dir, "mon.keyring");
  const monmap = join(dir, "monmap");
  await run(
    "ceph-authtool",
    ["--create-keyring", keyring, "--gen-key", "-n", "mon.", "--cap", "mon", "allow *"],
    { env },
  );
  await run(
    "monmaptool",
    ["--create", "--addv", "a", `[v2:127.0.0.1:${monPort}]`, "--fsid", fsid, monmap],
    { env },
  );
  await run("ceph-mon", ["--mkfs", "-i", "a", "--monmap", monmap, "--keyring", keyring], { env });
}

async function createOsd(env: NodeJS.ProcessEnv): Promise<void> {
  const uuid = randomUUID();
  await run("ceph", ["osd", "new", uuid], { env, timeout: 30_000 });
  await run("ceph-osd", ["-i", "0", "--mkfs", "--osd-uuid", uuid], { env, timeout: 30_000 });
}

function startDaemon(command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(command, args, { env, stdio: "ignore" });
  running.add(child);
  child.once("exit", () => running.delete(child));
  installExitHooks();
  return child;
}

/** Kills leftover daemons when the test process exits or is told to stop without `after`. */
function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  const killAll = (): void => {
    for (const leftover of running) leftover.kill("SIGKILL");
  };
  process.once("exit", killAll);
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      killAll();
      process.kill(process.pid, signal);
    });
  }
}

async function stopDaemons(daemons: readonly ChildProcess[]): Promise<void> {
  for (const daemon of [...daemons].reverse()) {
    if (daemon.exitCode !== null || daemon.signalCode !== null) continue;
    const exited = new Promise<void>((resolve) =>
      daemon.once("exit", () => {
        resolve();
      }),
    );
    daemon.kill("SIGTERM");
    const timer = setTimeout(() => daemon.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  }
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    await fetch(endpoint, { signal: AbortSignal.timeout(1_000) });
    return true;
  } catch {
    return false;
  }
}

async function waitFor(
  what: string,
  timeoutMs: number,
  check: () => Promise<boolean>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`RGW: timed out waiting for ${what}`);
}
