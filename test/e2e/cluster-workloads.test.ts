// The local test cluster's simulated nodes driven by the real kubectl: workloads roll out,
// volumes keep their data on disk across pods, DaemonSet pods see their node's kubelet
// directory, Jobs complete, and pods of a local image run for real in the sandbox.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, lstatSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { promisify } from "node:util";
import { makeTempDir, type TempDir } from "../helpers/temp-dir.js";
import { startCluster, type LocalCluster } from "../cluster/start-cluster.js";
import { probeImage } from "../cluster/controllers/index.js";

const run = promisify(execFile);
const waitTimeout = 120_000;

interface Kubectl {
  (...args: string[]): Promise<string>;
  json<T>(...args: string[]): Promise<T>;
  apply(yaml: string): Promise<string>;
}

function kubectlFor(cluster: LocalCluster, cacheDir: string): Kubectl {
  const base = ["--kubeconfig", cluster.kubeconfigPath, "--cache-dir", cacheDir];
  const kubectl = async (...args: string[]): Promise<string> => {
    const { stdout } = await run("kubectl", [...base, ...args], { maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  };
  const apply = async (yaml: string): Promise<string> => {
    const file = join(
      cacheDir,
      `manifest-${Date.now()}-${Math.random().toString(36).slice(2)}.yaml`,
    );
    writeFileSync(file, yaml);
    return kubectl("apply", "-f", file);
  };
  const json = async <T>(...args: string[]): Promise<T> =>
    JSON.parse(await kubectl(...args, "-o", "json")) as T;
  return Object.assign(kubectl, { json, apply });
}

async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = waitTimeout,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(200);
  }
}

interface PodJson {
  metadata: { name: string; uid: string; labels?: Record<string, string> };
  spec: { nodeName?: string };
  status: {
    phase?: string;
    podIP?: string;
    containerStatuses?: { restartCount: number; ready: boolean }[];
  };
}

function processesWith(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (/^\d+ \(.*\) Z/.test(stat)) continue;
      if (readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(marker)) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

describe("workloads on the local test cluster", () => {
  let cluster: LocalCluster;
  let temp: TempDir;
  let kubectl: Kubectl;

  before(async () => {
    temp = await makeTempDir("kv-workloads-");
    cluster = await startCluster({ name: "wl", nodes: 2 });
    kubectl = kubectlFor(cluster, temp.path);
  });

  after(async () => {
    await cluster.stop();
    await temp.remove();
  });

  const podsDir = (node: string): string =>
    join(cluster.dataDir, "nodes", node, "root/var/lib/kubelet/pods");

  test("a Deployment with a Service and a PVC rolls out and its pods run with IPs on the nodes", async (t) => {
    const started = Date.now();
    await kubectl.apply(`
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: web-data, namespace: default}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec: {selector: {app: web}, ports: [{name: http, port: 80, targetPort: http}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports: [{name: http, containerPort: 8080}]
`);
    await kubectl("rollout", "status", "deployment/web", "--timeout=120s");
    t.diagnostic(
      `apply of a 3-replica deployment to rollout status success: ${Date.now() - started} ms`,
    );
    await kubectl("wait", "--for=condition=Available", "deployment/web", "--timeout=60s");
    const pods = await kubectl.json<{ items: PodJson[] }>("get", "pods", "-l", "app=web");
    assert.equal(pods.items.length, 3);
    for (const pod of pods.items) {
      assert.equal(pod.status.phase, "Running");
      assert.match(pod.status.podIP ?? "", /^10\.244\.\d+\.\d+$/);
      assert.ok(cluster.nodeNames.includes(pod.spec.nodeName ?? ""));
      assert.ok(existsSync(join(podsDir(pod.spec.nodeName ?? ""), pod.metadata.uid)));
    }
    assert.equal(new Set(pods.items.map((p) => p.spec.nodeName)).size, 2, "spread over both nodes");
    const endpoints = await eventually("endpoints", async () => {
      const ep = await kubectl.json<{
        subsets?: { addresses?: { ip: string }[]; ports: { port: number }[] }[];
      }>("get", "endpoints", "web");
      return ep.subsets?.[0]?.addresses?.length === 3 ? ep : undefined;
    });
    assert.deepEqual(
      endpoints.subsets?.[0]?.ports.map((p) => p.port),
      [8080],
    );
    await kubectl("wait", "--for=jsonpath={.status.phase}=Bound", "pvc/web-data", "--timeout=60s");
    const pvc = await kubectl.json<{
      spec: { volumeName: string };
      metadata: { annotations: Record<string, string> };
    }>("get", "pvc", "web-data");
    assert.match(pvc.spec.volumeName, /^pvc-/);
    assert.equal(pvc.metadata.annotations["pv.kubernetes.io/bind-completed"], "yes");
    const pv = await kubectl.json<{
      spec: { csi: { driver: string }; claimRef: { name: string } };
      status: { phase: string };
    }>("get", "pv", pvc.spec.volumeName);
    assert.equal(pv.status.phase, "Bound");
    assert.equal(pv.spec.claimRef.name, "web-data");
  });

  test("a file in a PVC's volume dir survives the pod and shows up in the replacement pod's dir", async () => {
    await kubectl.apply(`
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: keep, namespace: default}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: keeper, namespace: default}
spec:
  replicas: 1
  selector: {matchLabels: {app: keeper}}
  template:
    metadata: {labels: {app: keeper}}
    spec:
      containers: [{name: app, image: nginx:1.27, volumeMounts: [{name: data, mountPath: /data}]}]
      volumes: [{name: data, persistentVolumeClaim: {claimName: keep}}]
`);
    await kubectl("rollout", "status", "deployment/keeper", "--timeout=120s");
    const pv = (await kubectl("get", "pvc", "keep", "-o", "jsonpath={.spec.volumeName}")).trim();
    const first = (await kubectl.json<{ items: PodJson[] }>("get", "pods", "-l", "app=keeper"))
      .items[0]!;
    const mountOf = (pod: PodJson): string =>
      join(
        podsDir(pod.spec.nodeName ?? ""),
        pod.metadata.uid,
        "volumes/kubernetes.io~csi",
        pv,
        "mount",
      );
    writeFileSync(join(mountOf(first), "hello.txt"), "still here");
    await kubectl("delete", "pod", first.metadata.name, "--wait=true");
    const replacement = await eventually("a replacement pod with the data", async () => {
      const pods = (await kubectl.json<{ items: PodJson[] }>("get", "pods", "-l", "app=keeper"))
        .items;
      const next = pods.find(
        (p) => p.metadata.uid !== first.metadata.uid && p.status.phase === "Running",
      );
      if (next === undefined) return undefined;
      const mount = mountOf(next);
      return existsSync(join(mount, "hello.txt")) && lstatSync(mount).isDirectory()
        ? next
        : undefined;
    });
    assert.equal(readFileSync(join(mountOf(replacement), "hello.txt"), "utf8"), "still here");
    assert.equal(existsSync(join(podsDir(first.spec.nodeName ?? ""), first.metadata.uid)), false);
  });

  test("a StatefulSet gets ordinal pods with a bound claim each", async () => {
    await kubectl.apply(`
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: default}
spec:
  serviceName: db
  replicas: 2
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers: [{name: db, image: postgres:16}]
  volumeClaimTemplates:
  - metadata: {name: data}
    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 2Gi}}}
`);
    await kubectl("rollout", "status", "statefulset/db", "--timeout=120s");
    const pods = (await kubectl.json<{ items: PodJson[] }>("get", "pods", "-l", "app=db")).items;
    assert.deepEqual(pods.map((p) => p.metadata.name).sort(), ["db-0", "db-1"]);
    for (const ordinal of [0, 1]) {
      const phase = (
        await kubectl("get", "pvc", `data-db-${ordinal}`, "-o", "jsonpath={.status.phase}")
      ).trim();
      assert.equal(phase, "Bound");
    }
    await kubectl("delete", "pod", "db-1", "--wait=true");
    await eventually("db-1 back", async () => {
      const pod = await kubectl.json<PodJson>("get", "pod", "db-1").catch(() => undefined);
      return pod?.status.phase === "Running" ? pod : undefined;
    });
    assert.equal(
      (await kubectl("get", "pvc", "data-db-1", "-o", "jsonpath={.status.phase}")).trim(),
      "Bound",
    );
  });

  test("pods and a ReplicaSet recreated without owners, as a restore leaves them, are adopted: no extra pods, the Deployment is available", async () => {
    await kubectl("create", "namespace", "adopt-src");
    await kubectl("create", "namespace", "adopt-dst");
    await kubectl.apply(`
apiVersion: apps/v1
kind: Deployment
metadata: {name: shop, namespace: adopt-src}
spec:
  replicas: 2
  selector: {matchLabels: {app: shop}}
  template:
    metadata: {labels: {app: shop}}
    spec: {containers: [{name: nginx, image: nginx:1.27}]}
`);
    await kubectl("rollout", "status", "deployment/shop", "-n", "adopt-src", "--timeout=120s");
    interface Item {
      kind: string;
      metadata: { name: string; labels?: Record<string, string>; annotations?: unknown };
      spec: Record<string, unknown>;
    }
    const copy = async (kind: string): Promise<Item[]> => {
      const list = await kubectl.json<{ items: Item[] }>("get", kind, "-n", "adopt-src");
      return list.items.map((item) => {
        const { nodeName: _, ...spec } = item.spec;
        const { name, labels, annotations } = item.metadata;
        const metadata = { name, namespace: "adopt-dst", labels, annotations };
        return { apiVersion: kind === "pods" ? "v1" : "apps/v1", kind: item.kind, metadata, spec };
      });
    };
    const items = [
      ...(await copy("pods")),
      ...(await copy("replicasets")),
      ...(await copy("deployments")),
    ];
    const file = join(temp.path, "adopt.json");
    writeFileSync(file, JSON.stringify({ apiVersion: "v1", kind: "List", items }));
    await kubectl("create", "-f", file);
    await kubectl("rollout", "status", "deployment/shop", "-n", "adopt-dst", "--timeout=120s");
    await kubectl("wait", "--for=condition=Available", "deployment/shop", "-n", "adopt-dst");
    await delay(2_000);
    interface Owned {
      metadata: {
        name: string;
        ownerReferences?: { kind: string; name: string; controller?: boolean }[];
      };
    }
    const pods = await kubectl.json<{ items: Owned[] }>("get", "pods", "-n", "adopt-dst");
    const restoredPods = items.filter((i) => i.kind === "Pod").map((i) => i.metadata.name);
    assert.deepEqual(pods.items.map((p) => p.metadata.name).sort(), restoredPods.sort());
    const rs = await kubectl.json<{ items: Owned[] }>("get", "replicasets", "-n", "adopt-dst");
    assert.equal(rs.items.length, 1);
    for (const pod of pods.items) {
      assert.deepEqual(
        pod.metadata.ownerReferences?.map((o) => [o.kind, o.name, o.controller]),
        [["ReplicaSet", rs.items[0]?.metadata.name, true]],
      );
    }
    assert.deepEqual(
      rs.items[0]?.metadata.ownerReferences?.map((o) => [o.kind, o.name, o.controller]),
      [["Deployment", "shop", true]],
    );
    const deployment = await kubectl.json<{
      status: { readyReplicas?: number; replicas?: number };
    }>("get", "deployment", "shop", "-n", "adopt-dst");
    assert.equal(deployment.status.replicas, 2);
    assert.equal(deployment.status.readyReplicas, 2);
  });

  test("a DaemonSet runs one pod per node that lists its node's kubelet pod dirs at /host_pods", async () => {
    await kubectl.apply(`
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: lister, namespace: default}
spec:
  selector: {matchLabels: {app: lister}}
  template:
    metadata: {labels: {app: lister}}
    spec:
      containers:
      - name: lister
        image: ${probeImage}:test
        args: ["ls:/host_pods", "serve"]
        volumeMounts: [{name: host-pods, mountPath: /host_pods, mountPropagation: HostToContainer}]
      volumes: [{name: host-pods, hostPath: {path: /var/lib/kubelet/pods}}]
`);
    await kubectl("rollout", "status", "daemonset/lister", "--timeout=180s");
    const pods = (await kubectl.json<{ items: PodJson[] }>("get", "pods", "-l", "app=lister"))
      .items;
    assert.deepEqual(pods.map((p) => p.spec.nodeName).sort(), [...cluster.nodeNames].sort());
    for (const pod of pods) {
      const logs = await eventually("the listing", async () => {
        const text = await kubectl("logs", pod.metadata.name);
        return text.includes(pod.metadata.uid) ? text : undefined;
      });
      const listed = new Set(logs.trim().split(/\s+/));
      const onDisk = readdirSync(podsDir(pod.spec.nodeName ?? ""));
      assert.ok(
        onDisk.every(
          (uid) => listed.has(uid) || !existsSync(join(podsDir(pod.spec.nodeName ?? ""), uid)),
        ),
      );
      const otherNode = cluster.nodeNames.find((n) => n !== pod.spec.nodeName) ?? "";
      const foreign = pods.find((p) => p.spec.nodeName === otherNode);
      assert.equal(listed.has(foreign?.metadata.uid ?? "none"), false);
    }
  });

  test("a Job of a shell image completes and kubectl wait sees it", async () => {
    await kubectl.apply(`
apiVersion: batch/v1
kind: Job
metadata: {name: once, namespace: default}
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: work, image: busybox:1.36, command: [sh, -c, "echo job done"]}]
`);
    await kubectl("wait", "--for=condition=complete", "job/once", "--timeout=120s");
    const job = await kubectl.json<{ status: { succeeded: number; completionTime?: string } }>(
      "get",
      "job",
      "once",
    );
    assert.equal(job.status.succeeded, 1);
    assert.ok(job.status.completionTime !== undefined);
    assert.equal((await kubectl("logs", "job/once")).trim(), "job done");
  });

  test("a local-image pod runs in the sandbox, gated by its init container, with volumes, env, token and logs", async (t) => {
    await kubectl(
      "create",
      "configmap",
      "probe-config",
      "--from-literal=greeting=hello from a configmap",
    );
    await kubectl("create", "secret", "generic", "probe-secret", "--from-literal=password=s3cret");
    const created = Date.now();
    await kubectl.apply(`
apiVersion: v1
kind: Pod
metadata: {name: probe, namespace: default}
spec:
  initContainers:
  - name: init
    image: ${probeImage}:test
    args: ["sleep:300", "write:/shared/init-done=init ran first"]
    volumeMounts: [{name: shared, mountPath: /shared}]
  containers:
  - name: main
    image: ${probeImage}:test
    args: ["cat:/shared/init-done", "env:GREETING", "env:POD_IP", "cat:/config/greeting", "cat:/secret/password", "ls:/host_pods", "api", "exit:3"]
    env:
    - {name: GREETING, valueFrom: {configMapKeyRef: {name: probe-config, key: greeting}}}
    - {name: POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
    volumeMounts:
    - {name: shared, mountPath: /shared}
    - {name: config, mountPath: /config}
    - {name: secret, mountPath: /secret}
    - {name: host-pods, mountPath: /host_pods}
  volumes:
  - {name: shared, emptyDir: {}}
  - {name: config, configMap: {name: probe-config}}
  - {name: secret, secret: {secretName: probe-secret}}
  - {name: host-pods, hostPath: {path: /var/lib/kubelet/pods}}
`);
    const logs = await eventually("the probe's output", async () => {
      const text = await kubectl("logs", "probe", "-c", "main").catch(() => "");
      return text.includes("api: ") ? text : undefined;
    });
    t.diagnostic(`local-image pod: create to first complete output ${Date.now() - created} ms`);
    const pod = await kubectl.json<PodJson>("get", "pod", "probe");
    assert.match(logs, /^init ran first\n/);
    assert.match(logs, /GREETING=hello from a configmap\n/);
    assert.match(logs, new RegExp(`POD_IP=${(pod.status.podIP ?? "x").replaceAll(".", "\\.")}\n`));
    assert.match(logs, /\nhello from a configmap\n/);
    assert.match(logs, /\ns3cret\n/);
    assert.ok(logs.includes(pod.metadata.uid), "its own pod dir is under /host_pods");
    assert.match(logs, /api: .*probe/);
    const restarted = await eventually("a restart", async () => {
      const current = await kubectl.json<PodJson>("get", "pod", "probe");
      const count = current.status.containerStatuses?.[0]?.restartCount ?? 0;
      return count >= 1 ? count : undefined;
    });
    assert.ok(restarted >= 1);
    const previous = await kubectl("logs", "probe", "-c", "main", "--previous");
    assert.match(previous, /GREETING=hello from a configmap/);
    await assert.rejects(
      kubectl("logs", "probe", "-c", "nope"),
      /container nope is not valid for pod probe/,
    );
    assert.equal(await kubectl("logs", "probe", "-c", "init"), "");
  });

  test("kubectl logs -f follows a running process until it exits", async () => {
    await kubectl.apply(`
apiVersion: v1
kind: Pod
metadata: {name: talker, namespace: default}
spec:
  restartPolicy: Never
  containers: [{name: talk, image: "${probeImage}:test", args: ["env:HOSTNAME", "sleep:2500", "env:KUBERNETES_SERVICE_HOST", "exit:0"]}]
`);
    await eventually("talker running", async () => {
      const text = await kubectl("logs", "talker").catch(() => "");
      return text.includes("HOSTNAME=talker") ? text : undefined;
    });
    const followed = await kubectl("logs", "-f", "talker");
    assert.equal(followed, "HOSTNAME=talker\nKUBERNETES_SERVICE_HOST=127.0.0.1\n");
    await kubectl(
      "wait",
      "--for=jsonpath={.status.phase}=Succeeded",
      "pod/talker",
      "--timeout=60s",
    );
  });

  test("deleting a pod stops its process gracefully", async () => {
    const marker = `marker-${Date.now()}`;
    await kubectl.apply(`
apiVersion: v1
kind: Pod
metadata: {name: server, namespace: default}
spec:
  containers: [{name: serve, image: "${probeImage}:test", args: ["env:HOSTNAME", "serve", "${marker}"]}]
`);
    await eventually("the server process", () =>
      processesWith(marker).length > 0 ? true : undefined,
    );
    await eventually("server output", async () =>
      (await kubectl("logs", "server").catch(() => "")).includes("HOSTNAME") ? true : undefined,
    );
    await kubectl("delete", "pod", "server", "--wait=true");
    assert.deepEqual(processesWith(marker), []);
  });
});

test("stopping a cluster leaves no pod processes behind", async () => {
  const cluster = await startCluster({ name: "stop", nodes: 1 });
  const marker = `stop-marker-${Date.now()}`;
  try {
    cluster.api.create(
      { group: "", version: "v1", resource: "pods" },
      {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "lingering", namespace: "default" },
        spec: {
          containers: [
            { name: "c", image: `${probeImage}:test`, args: ["serve", marker] },
            { name: "s", image: "busybox", command: ["sleep", "3600", marker] },
          ],
        },
      },
    );
    await eventually("both processes", () =>
      processesWith(marker).length >= 2 ? true : undefined,
    );
  } finally {
    await cluster.stop();
  }
  assert.deepEqual(processesWith(marker), []);
});
