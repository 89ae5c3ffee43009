// pods/exec on the local test cluster, driven by the real kubectl (WebSocket v5) and by
// @kubernetes/client-node's Exec (v5, and v4 when asked): the command runs in the container's
// sandbox with its volumes and environment, streams come back on their channels, the exit code
// on the error channel, and refusals read as the real server's.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { PassThrough, Writable } from "node:stream";
import { Exec, KubeConfig, type V1Status } from "@kubernetes/client-node";
import WebSocket from "ws";
import { eventually as eventuallyWithin } from "../helpers/eventually.js";
import { startTestCluster } from "../helpers/local-cluster.js";
import type { Pod } from "../cluster/controllers/kube-types.js";

const cluster = await startTestCluster({ name: "exec", controllers: true });
const podsRef = { group: "", version: "v1", resource: "pods" };
const deadlineMs = 120_000;

function eventually<T>(what: string, probe: () => T | undefined): Promise<T> {
  return eventuallyWithin(what, probe, { timeoutMs: deadlineMs, intervalMs: 200 });
}

function runningPod(name: string, container: string): Pod | undefined {
  const pod = cluster.api.get(podsRef, "default", name) as Pod | undefined;
  const status = pod?.status?.containerStatuses?.find((s) => s.name === container);
  return status?.state.running === undefined ? undefined : pod;
}

const applied = await cluster.kubectl(["apply", "-f", "-"], {
  input: `
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data, namespace: default}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
---
apiVersion: v1
kind: Pod
metadata: {name: box, namespace: default}
spec:
  containers:
  - name: main
    image: busybox
    command: [sh, -c, "sleep 100000"]
    workingDir: /data
    env: [{name: GREETING, value: hello}]
    volumeMounts: [{name: data, mountPath: /data}]
  - name: web
    image: nginx
  volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]
---
apiVersion: v1
kind: Pod
metadata: {name: starting, namespace: default}
spec:
  initContainers: [{name: wait, image: busybox, command: [sh, -c, "sleep 100000"]}]
  containers: [{name: main, image: busybox, command: [sh, -c, "sleep 100000"]}]
`,
});
assert.equal(applied.code, 0, applied.stderr);
const box = await eventually("pod box running", () => runningPod("box", "main"));

function kubeConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(cluster.kubeconfigPath);
  return kc;
}

interface ClientExec {
  readonly protocol: string;
  readonly stdout: string;
  readonly stderr: string;
  readonly status: V1Status | undefined;
}

/** A bare WebSocket exec offering only `protocol`: what each channel carried, by number. */
async function rawExec(options: {
  pod?: string;
  protocol: string;
  query: string;
  input?: string;
}): Promise<{ protocol: string; channels: Map<number, string> }> {
  const kc = kubeConfig();
  const socketOptions: WebSocket.ClientOptions = {};
  await kc.applyToHTTPSOptions(socketOptions);
  const server = (kc.getCurrentCluster()?.server ?? "").replace(/^https:/, "wss:");
  const url = `${server}/api/v1/namespaces/default/pods/${options.pod ?? "box"}/exec?${options.query}`;
  const socket = new WebSocket(url, [options.protocol], socketOptions);
  const channels = new Map<number, string>();
  socket.on("message", (data: Buffer) => {
    const channel = data[0] ?? -1;
    channels.set(channel, (channels.get(channel) ?? "") + data.subarray(1).toString());
  });
  await new Promise((resolve, reject) => {
    socket.once("open", resolve);
    socket.once("error", reject);
  });
  if (options.input !== undefined)
    socket.send(Buffer.concat([Buffer.of(0), Buffer.from(options.input)]));
  await new Promise((resolve) => socket.once("close", resolve));
  return { protocol: socket.protocol, channels };
}

function collector(): { stream: Writable; text: () => string } {
  const parts: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      parts.push(chunk);
      done();
    },
  });
  return { stream, text: () => Buffer.concat(parts).toString() };
}

async function clientExec(options: {
  command: string[];
  container: string;
  input?: string;
}): Promise<ClientExec> {
  const exec = new Exec(kubeConfig());
  const out = collector();
  const err = collector();
  const stdin = options.input === undefined ? null : new PassThrough();
  let status: V1Status | undefined;
  const socket = await exec.exec(
    "default",
    "box",
    options.container,
    options.command,
    out.stream,
    err.stream,
    stdin,
    false,
    (s) => {
      status = s;
    },
  );
  const closed = new Promise((resolve) => socket.once("close", resolve));
  if (stdin !== null) stdin.end(options.input);
  await closed;
  return { protocol: socket.protocol, stdout: out.text(), stderr: err.text(), status };
}

function filesNamed(dir: string, name: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((entry) => entry.endsWith(`/${name}`) || entry === name)
    .map((entry) => join(dir, entry));
}

test("kubectl exec streams stdout and stderr and exits with the command's exit code", async () => {
  const result = await cluster.kubectl([
    "exec",
    "box",
    "-c",
    "main",
    "--",
    "sh",
    "-c",
    "echo out; echo err >&2; exit 3",
  ]);
  assert.equal(result.code, 3);
  assert.equal(result.stdout, "out\n");
  assert.match(result.stderr, /^err\n/);
  assert.match(result.stderr, /command terminated with exit code 3/);
});

test("kubectl exec runs in the container's view: its volume, working directory, environment and hostname", async () => {
  const result = await cluster.kubectl([
    "exec",
    "box",
    "-c",
    "main",
    "--",
    "sh",
    "-c",
    'echo "$GREETING from $(hostname) in $(pwd)" > written-by-exec.txt && cat /data/written-by-exec.txt',
  ]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, "hello from box in /data\n");
  const podDir = join(
    cluster.dataDir,
    "nodes",
    box.spec.nodeName ?? "",
    "root/var/lib/kubelet/pods",
    box.metadata.uid ?? "",
    "volumes",
  );
  const onDisk = filesNamed(podDir, "written-by-exec.txt");
  assert.equal(onDisk.length, 1, `expected the file once under ${podDir}`);
  assert.equal(readFileSync(onDisk[0] ?? "", "utf8"), "hello from box in /data\n");
});

test("kubectl exec -i feeds stdin to the command and ends it at EOF", async () => {
  const result = await cluster.kubectl(
    ["exec", "-i", "box", "-c", "main", "--", "sh", "-c", "tr a-z A-Z; echo end"],
    { input: "piped text\n" },
  );
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, "PIPED TEXT\nend\n");
});

test("kubectl exec without -c picks the first container and says so", async () => {
  const result = await cluster.kubectl(["exec", "box", "--", "sh", "-c", "echo $GREETING"]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, "hello\n");
  assert.match(result.stderr, /Defaulted container "main" out of: main, web/);
});

test("kubectl exec into an unknown container or pod gets the API server's errors", async () => {
  const container = await cluster.kubectl(["exec", "box", "-c", "nope", "--", "true"]);
  assert.equal(container.code, 1);
  assert.match(
    container.stderr,
    /Error from server \(BadRequest\): container nope is not valid for pod box/,
  );
  const pod = await cluster.kubectl(["exec", "absent", "--", "true"]);
  assert.equal(pod.code, 1);
  assert.match(pod.stderr, /Error from server \(NotFound\): pods "absent" not found/);
});

test("kubectl exec into a container that is not running yet gets the kubelet's refusal", async () => {
  await eventually("init container running", () => runningInit("starting", "wait"));
  const result = await cluster.kubectl(["exec", "starting", "-c", "main", "--", "true"]);
  assert.equal(result.code, 1);
  assert.match(
    result.stderr,
    /error: Internal error occurred: unable to upgrade connection: container not found \("main"\)/,
  );
  const init = await cluster.kubectl(["exec", "starting", "-c", "wait", "--", "echo", "in init"]);
  assert.equal(init.code, 0, init.stderr);
  assert.equal(init.stdout, "in init\n");
});

function runningInit(name: string, container: string): Pod | undefined {
  const pod = cluster.api.get(podsRef, "default", name) as Pod | undefined;
  const status = pod?.status?.initContainerStatuses?.find((s) => s.name === container);
  return status?.state.running === undefined ? undefined : pod;
}

test("client-node's Exec negotiates v5 and gets the exit code as an ExitCode cause", async () => {
  const result = await clientExec({
    container: "main",
    command: ["sh", "-c", "echo out; echo err >&2; exit 7"],
  });
  assert.equal(result.protocol, "v5.channel.k8s.io");
  assert.equal(result.stdout, "out\n");
  assert.equal(result.stderr, "err\n");
  assert.equal(result.status?.status, "Failure");
  assert.equal(result.status.reason, "NonZeroExitCode");
  assert.deepEqual(result.status.details?.causes, [{ reason: "ExitCode", message: "7" }]);
});

test("client-node's Exec sends stdin and ends it with v5's close signal", async () => {
  const result = await clientExec({
    container: "web",
    command: ["sh", "-c", "cat; echo done"],
    input: "through stdin\n",
  });
  assert.equal(result.stdout, "through stdin\ndone\n");
  assert.deepEqual(result.status, { metadata: {}, status: "Success" });
});

test("a v4 client gets the kubelet's wording of a non-zero exit", async () => {
  const result = await rawExec({
    protocol: "v4.channel.k8s.io",
    query: "command=sh&command=-c&command=echo+four%3B+exit+2&container=main&stdout=true",
  });
  assert.equal(result.protocol, "v4.channel.k8s.io");
  assert.equal(result.channels.get(1), "four\n");
  assert.deepEqual(JSON.parse(result.channels.get(3) ?? "{}"), {
    metadata: {},
    status: "Failure",
    message:
      "command terminated with non-zero exit code: error executing command [sh -c echo four; exit 2], exit code 2",
    reason: "NonZeroExitCode",
    details: { causes: [{ reason: "ExitCode", message: "2" }] },
  });
});

test("a v4 client's exec into a container that is not running is refused with the kubelet's 500", async () => {
  await eventually("init container running", () => runningInit("starting", "wait"));
  await assert.rejects(
    rawExec({
      pod: "starting",
      protocol: "v4.channel.k8s.io",
      query: "command=true&container=main&stdout=true",
    }),
    /Unexpected server response: 500/,
  );
});

test("closing the socket ends the command's processes", async () => {
  const marker = `exec-marker-${String(process.pid)}-${String(Date.now())}`;
  const exec = new Exec(kubeConfig());
  const socket = await exec.exec(
    "default",
    "box",
    "main",
    ["sh", "-c", `sleep 300; true ${marker}`],
    null,
    null,
    null,
    false,
  );
  await eventually("the command running", () => (processesWith(marker) > 0 ? true : undefined));
  socket.close();
  await eventually("the command gone", () => (processesWith(marker) === 0 ? true : undefined));
});

function processesWith(marker: string): number {
  let count = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${entry}/stat`, "utf8"))) continue;
      if (readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(marker)) count += 1;
    } catch {
      // the process ended while we looked
    }
  }
  return count;
}
