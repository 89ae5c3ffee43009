// Measures ArchiveWriter against its floor (JSON.stringify + gzip of the same items, streamed
// to the same sink; once item by item, once batched like the writer) at several gzip
// levels, in wall time and in CPU time (which a shared machine distorts less), with peak
// memory:
// `node --import tsx bench/archive/archive-writer-bench.ts [items] [sink-file]` (default
// 100000 items to /dev/null).
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { loadavg } from "node:os";
import { once } from "node:events";
import { pipeline } from "node:stream/promises";
import { Transform, type Writable } from "node:stream";
import { createGzip } from "node:zlib";
import { ArchiveWriter } from "../../lib/archive/index.js";

const itemCount = Number(process.argv[2] ?? "100000");
const sinkPath = process.argv[3] ?? "/dev/null";
const levels = [1, 6, -1];

/** A Pod as the API server returns it (managed fields, status), about 3 KB of JSON. */
function makePod(index: number): Record<string, unknown> {
  const uid = createHash("sha1").update(String(index)).digest("hex");
  const name = `web-${index}`;
  const namespace = `team-${index % 40}`;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace,
      uid: `${uid.slice(0, 8)}-${uid.slice(8, 12)}-${uid.slice(12, 16)}-${uid.slice(16, 20)}-${uid.slice(20, 32)}`,
      resourceVersion: String(100000 + index),
      creationTimestamp: "2026-01-01T00:00:00Z",
      labels: { app: `app-${index % 300}`, "pod-template-hash": uid.slice(0, 10), tier: "web" },
      annotations: { "kubectl.kubernetes.io/restartedAt": "2026-01-01T00:00:00Z" },
      ownerReferences: [
        {
          apiVersion: "apps/v1",
          kind: "ReplicaSet",
          name: `rs-${index % 300}`,
          uid,
          controller: true,
        },
      ],
      managedFields: [
        {
          manager: "kube-controller-manager",
          operation: "Update",
          apiVersion: "v1",
          time: "2026-01-01T00:00:00Z",
          fieldsType: "FieldsV1",
          fieldsV1: {
            "f:metadata": { "f:labels": { ".": {}, "f:app": {} } },
            "f:spec": { "f:containers": {} },
          },
        },
      ],
    },
    spec: {
      containers: [
        {
          name: "web",
          image: `registry.example.com/web:${index % 7}.0.${index % 13}`,
          ports: [{ containerPort: 8080, protocol: "TCP" }],
          env: [{ name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }],
          resources: {
            limits: { cpu: "500m", memory: "256Mi" },
            requests: { cpu: "100m", memory: "128Mi" },
          },
          volumeMounts: [
            {
              name: "kube-api-access",
              mountPath: "/var/run/secrets/kubernetes.io/serviceaccount",
              readOnly: true,
            },
          ],
          terminationMessagePath: "/dev/termination-log",
          imagePullPolicy: "IfNotPresent",
        },
      ],
      restartPolicy: "Always",
      terminationGracePeriodSeconds: 30,
      dnsPolicy: "ClusterFirst",
      serviceAccountName: "default",
      nodeName: `node-${index % 20}`,
      schedulerName: "default-scheduler",
      tolerations: [
        {
          key: "node.kubernetes.io/not-ready",
          operator: "Exists",
          effect: "NoExecute",
          tolerationSeconds: 300,
        },
      ],
    },
    status: {
      phase: "Running",
      hostIP: `10.0.${index % 20}.1`,
      podIP: `10.244.${(index >> 8) % 256}.${index % 256}`,
      startTime: "2026-01-01T00:00:01Z",
      conditions: [{ type: "Ready", status: "True", lastTransitionTime: "2026-01-01T00:00:05Z" }],
      containerStatuses: [
        {
          name: "web",
          ready: true,
          restartCount: 0,
          image: "web",
          imageID: `sha256:${uid}`,
          containerID: `containerd://${uid}`,
        },
      ],
    },
  };
}

interface Result {
  readonly seconds: number;
  /** Process CPU time (all threads, zlib's included). */
  readonly cpuSeconds: number;
  readonly outputBytes: number;
  readonly peakRssBytes: number;
}

/** Counts bytes on their way to the sink. */
function counter(): Transform & { bytes: number } {
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      stream.bytes += chunk.length;
      done(null, chunk);
    },
  }) as Transform & { bytes: number };
  stream.bytes = 0;
  return stream;
}

async function timed(run: () => Promise<number>): Promise<Result> {
  let peakRssBytes = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peakRssBytes = Math.max(peakRssBytes, process.memoryUsage.rss());
  }, 20);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const outputBytes = await run();
  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(sampler);
  return {
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    outputBytes,
    peakRssBytes,
  };
}

function writer(level: number): Promise<Result> {
  return timed(async () => {
    const archive = new ArchiveWriter({ gzipLevel: level });
    const count = counter();
    const done = pipeline(archive.stream, count, createWriteStream(sinkPath));
    for (let i = 0; i < itemCount; i++) {
      await archive.add(makePod(i), { groupResource: "pods", version: "v1" });
    }
    await archive.finish();
    await done;
    return count.bytes;
  });
}

/**
 * The floor: serialise each item and gzip it to the same sink, with backpressure; either one
 * gzip write per item, or (`batched`) in chunks of about 256 KiB as the writer does.
 */
function floor(level: number, batched: boolean): Promise<Result> {
  return timed(async () => {
    const gzip = createGzip({ level });
    const count = counter();
    const done = pipeline(gzip, count, createWriteStream(sinkPath));
    const write = async (chunk: string): Promise<void> => {
      if (!(gzip as Writable).write(chunk)) await once(gzip, "drain");
    };
    let pending: string[] = [];
    let pendingLength = 0;
    for (let i = 0; i < itemCount; i++) {
      const json = JSON.stringify(makePod(i));
      if (!batched) {
        await write(json);
        continue;
      }
      pending.push(json);
      pendingLength += json.length;
      if (pendingLength >= 256 * 1024) {
        await write(pending.join(""));
        pending = [];
        pendingLength = 0;
      }
    }
    if (pending.length > 0) await write(pending.join(""));
    gzip.end();
    await done;
    return count.bytes;
  });
}

function describeResult(label: string, result: Result): string {
  const perSecond = Math.round(itemCount / result.seconds);
  const perCpuSecond = Math.round(itemCount / result.cpuSeconds);
  const mib = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);
  return (
    `${label.padEnd(30)} ${result.seconds.toFixed(2).padStart(6)} s ${String(perSecond).padStart(6)}/s` +
    `  cpu ${result.cpuSeconds.toFixed(2).padStart(6)} s ${String(perCpuSecond).padStart(6)}/cpu-s` +
    `  ${mib(result.outputBytes).padStart(5)} MiB out  peak rss ${mib(result.peakRssBytes)} MiB`
  );
}

const load = loadavg()
  .map((l) => l.toFixed(1))
  .join(" ");
console.log(
  `${itemCount} pods (~${JSON.stringify(makePod(1)).length} bytes of JSON each) to ${sinkPath}; ` +
    `load average ${load}`,
);
const ratio = (a: Result, b: Result): string =>
  `${(a.seconds / b.seconds).toFixed(2)} wall, ${(a.cpuSeconds / b.cpuSeconds).toFixed(2)} cpu`;
for (const level of levels) {
  const name = level === -1 ? "default (6)" : String(level);
  const ours = await writer(level);
  const naive = await floor(level, false);
  const batched = await floor(level, true);
  console.log(describeResult(`writer, gzip ${name}`, ours));
  console.log(describeResult(`floor per item, gzip ${name}`, naive));
  console.log(describeResult(`floor batched, gzip ${name}`, batched));
  console.log(
    `  writer/floor per item: ${ratio(ours, naive)}; writer/floor batched: ${ratio(ours, batched)}`,
  );
}
