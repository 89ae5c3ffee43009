// Backup and restore hooks around file-system backup end to end on the local test cluster: the
// node-agent DaemonSet from `kubectl velero install --use-node-agent` (the agent runs in this
// process), a real S3 server (RGW). A pre backup hook writes a marker into the pod's claim before
// its volumes are backed up and a post hook runs after; once the namespace is gone the restore
// brings the marker back, its init hook runs after restore-wait (and sees the restored data),
// its exec hooks run in the restored pods (annotation and spec), and a failing exec hook with
// onError Fail leaves the restore PartiallyFailed with the hook's stderr in its results; an init
// hook container without a command fails the Restore's validation.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { gunzipSync } from "node:zlib";
import { backupRepositoryController } from "../../agent/controllers/backup-repository-controller.js";
import { downloadRequestController } from "../../agent/controllers/download-request-controller.js";
import { backupControllerWithPodVolumes } from "../../agent/pod-volumes/agent-pod-volume-backups.js";
import { restoreControllerWithPodVolumes } from "../../agent/pod-volumes/agent-pod-volume-restores.js";
import type { Restore, RestoreSpec } from "../../lib/api/index.js";
import { runCaptured } from "../../kubectl-velero/testing/run-captured.js";
import { namespaceWithClaimYaml } from "../helpers/claim-manifest.js";
import { checkedKubectl } from "../helpers/checked-kubectl.js";
import { eventually } from "../helpers/eventually.js";
import { startTestCluster } from "../helpers/local-cluster.js";
import {
  renderNodeAgentInstallation,
  startAgentWithNodeAgent,
} from "../helpers/node-agent-installation.js";
import { startRgw } from "../helpers/rgw.js";

const deadlineMs = 180_000;
const namespace = "hooks-app";

const rgw = await startRgw();
after(() => rgw.stop());
await rgw.createBucket("velero");

const cluster = await startTestCluster({ name: "hooks-restore", controllers: true, nodes: 1 });
const podsDir = join(
  cluster.dataDir,
  "nodes",
  cluster.nodeNames[0] ?? "",
  "root/var/lib/kubelet/pods",
);
const kubectl = checkedKubectl(cluster);

const harness = await startAgentWithNodeAgent({
  cluster,
  installation: await renderNodeAgentInstallation(rgw, "velero"),
  controllers: [
    backupControllerWithPodVolumes,
    backupRepositoryController,
    restoreControllerWithPodVolumes,
    downloadRequestController,
  ],
});

interface PodJson {
  metadata: { name: string; uid: string };
  spec: { initContainers?: { name: string }[] };
  status: { phase?: string; containerStatuses?: { ready?: boolean }[] };
}

async function getPod(ns: string, name: string): Promise<PodJson | undefined> {
  const result = await cluster.kubectl(["get", "pod", name, "-n", ns, "-o", "json"]);
  return result.code === 0 ? (JSON.parse(result.stdout) as PodJson) : undefined;
}

async function readyPod(ns: string, name: string): Promise<PodJson> {
  return eventually(`pod ${ns}/${name} ready`, async () => {
    const pod = await getPod(ns, name);
    const ready = pod?.status.containerStatuses?.every((s) => s.ready === true) ?? false;
    return pod?.status.phase === "Running" && ready ? pod : undefined;
  });
}

await kubectl(
  ["apply", "-f", "-"],
  `${namespaceWithClaimYaml(namespace)}apiVersion: v1
kind: Pod
metadata:
  name: db
  namespace: ${namespace}
  labels: {app: db}
  annotations:
    pre.hook.backup.velero.io/command: '["sh", "-c", "head -c 4096 /dev/urandom | od -A n -t x1 > /data/marker; echo froze"]'
    pre.hook.backup.velero.io/on-error: Fail
    post.hook.backup.velero.io/command: '["sh", "-c", "test -f /data/marker && echo thawed > /scratch/post-marker"]'
    post.hook.restore.velero.io/command: '["sh", "-c", "cat /data/init-marker > /data/exec-marker; echo exec-out"]'
    post.hook.restore.velero.io/wait-for-ready: "true"
    post.hook.restore.velero.io/wait-timeout: 3m
spec:
  containers:
  - name: db
    image: busybox
    command: [sh, -c, "sleep 100000"]
    volumeMounts:
    - {name: data, mountPath: /data}
    - {name: scratch, mountPath: /scratch}
  volumes:
  - {name: data, persistentVolumeClaim: {claimName: data}}
  - {name: scratch, emptyDir: {}}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: ${namespace}, labels: {app: web}}
spec:
  containers:
  - name: web
    image: busybox
    command: [sh, -c, "sleep 100000"]
    volumeMounts: [{name: cache, mountPath: /cache}]
  volumes: [{name: cache, emptyDir: {}}]
`,
);

/** The content of `file` in a pod's volume (`kubernetes.io~csi/<pv>/mount` or an emptyDir). */
async function volumeFile(pod: PodJson, file: string): Promise<Buffer | undefined> {
  const dir = join(podsDir, pod.metadata.uid, "volumes");
  const entries = await readdir(dir, { recursive: true, encoding: "utf8" }).catch(() => []);
  const entry = entries.find((e) => e === file || e.endsWith(`/${file}`));
  return entry === undefined ? undefined : readFile(join(dir, entry));
}

const sha256 = (bytes: Buffer | undefined): string =>
  createHash("sha256")
    .update(bytes ?? "")
    .digest("hex");

async function bucketText(key: (layout: LayoutKeys) => string): Promise<string> {
  const { objectStore, store } = await harness.ctx.locations.open("default");
  const chunks: Buffer[] = [];
  for await (const chunk of await objectStore.get(key(store.layout))) chunks.push(chunk as Buffer);
  return gunzipSync(Buffer.concat(chunks)).toString();
}

interface LayoutKeys {
  backupLogKey(name: string): string;
  restoreLogKey(name: string): string;
}

async function restoreAndWait(name: string, spec: RestoreSpec): Promise<Restore> {
  await harness.ctx.velero.restores.create({
    apiVersion: "velero.io/v1",
    kind: "Restore",
    metadata: { name, namespace: "velero" },
    spec,
  });
  return eventually(`restore ${name} to finish`, async () => {
    const restore = await harness.ctx.velero.restores.get(name);
    const phase = restore.status?.phase ?? "";
    return ["Completed", "PartiallyFailed", "Failed", "FailedValidation"].includes(phase)
      ? restore
      : undefined;
  });
}

const lines = (text: string, needle: string): string[] =>
  text.split("\n").filter((line) => line.includes(needle));

describe("hooks around a file-system backup and its restore", () => {
  let marker: string;

  it("runs the pre hook before the pod's volumes are backed up and the post hook after", async () => {
    const db = await readyPod(namespace, "db");
    await readyPod(namespace, "web");
    await harness.createBackup("hooks-fsb", {
      includedNamespaces: [namespace],
      defaultVolumesToFsBackup: true,
      storageLocation: "default",
    });
    const backup = await harness.waitForBackup("hooks-fsb", undefined, deadlineMs);
    assert.equal(backup.status?.phase, "Completed", JSON.stringify(backup.status));
    assert.deepEqual(backup.status.hookStatus, { hooksAttempted: 2 });
    const written = await volumeFile(db, "marker");
    assert.ok(written !== undefined && written.length > 4096, "the pre hook wrote the marker");
    marker = sha256(written);
    assert.equal((await volumeFile(db, "post-marker"))?.toString(), "thawed\n");
    const log = await bucketText((layout) => layout.backupLogKey("hooks-fsb"));
    const ran = lines(log, 'msg="running exec hook"');
    assert.deepEqual(
      ran.map((l) => /hookPhase=(\w+)/.exec(l)?.[1]),
      ["pre", "post"],
      ran.join("\n"),
    );
    assert.equal(lines(log, "stdout: froze").length, 1, log);
  });

  it("restores the marker, runs the init hook after restore-wait and the exec hooks in the restored pods", async () => {
    await kubectl(["delete", "namespace", namespace, "--wait=true", "--timeout=120s"]);
    const restore = await restoreAndWait("hooks-restore", {
      backupName: "hooks-fsb",
      hooks: {
        resources: [
          {
            name: "prepare",
            includedNamespaces: [namespace],
            labelSelector: { matchLabels: { app: "db" } },
            postHooks: [
              {
                init: {
                  initContainers: [
                    {
                      name: "restore-init",
                      image: "busybox",
                      command: [
                        "sh",
                        "-c",
                        "echo initialized > /data/init-marker && cp /data/marker /data/init-copy",
                      ],
                      volumeMounts: [{ name: "data", mountPath: "/data" }],
                    },
                  ],
                },
              },
            ],
          },
          {
            name: "warm-cache",
            labelSelector: { matchLabels: { app: "web" } },
            postHooks: [
              {
                exec: {
                  command: ["sh", "-c", "echo warmed > /cache/exec-marker"],
                  waitTimeout: "3m",
                  execTimeout: "1m",
                },
              },
            ],
          },
        ],
      },
    });
    assert.equal(restore.status?.phase, "Completed", JSON.stringify(restore.status));
    assert.deepEqual(restore.status.hookStatus, { hooksAttempted: 2 });
    const db = await readyPod(namespace, "db");
    assert.deepEqual(
      db.spec.initContainers?.map((c) => c.name),
      ["restore-wait", "restore-init"],
    );
    assert.equal(sha256(await volumeFile(db, "marker")), marker, "the restored marker");
    assert.equal(sha256(await volumeFile(db, "init-copy")), marker, "the init hook saw it");
    assert.equal((await volumeFile(db, "exec-marker"))?.toString(), "initialized\n");
    const web = await readyPod(namespace, "web");
    assert.equal((await volumeFile(web, "exec-marker"))?.toString(), "warmed\n");
    const log = await bucketText((layout) => layout.restoreLogKey("hooks-restore"));
    const ran = lines(log, 'msg="running exec hook"');
    assert.equal(ran.length, 2, log);
    assert.ok(ran.some((l) => l.includes("hookSource=annotation") && l.includes("pod=")));
    assert.ok(ran.some((l) => l.includes("hookSource=spec") && l.includes("hookName=warm-cache")));
    assert.equal(lines(log, "stdout: exec-out").length, 1, log);
    const described = await runCaptured([
      "restore",
      "describe",
      "hooks-restore",
      "--kubeconfig",
      cluster.kubeconfigPath,
    ]);
    assert.equal(described.code, 0, described.stderr);
    assert.match(described.stdout, /\nHooksAttempted:\s+2\nHooksFailed:\s+0\n/);
  });

  it("ends PartiallyFailed with the hook's stderr in the results when an exec hook with onError Fail fails", async () => {
    const target = "hooks-fail";
    const restore = await restoreAndWait("hooks-fail", {
      backupName: "hooks-fsb",
      labelSelector: { matchLabels: { app: "web" } },
      namespaceMapping: { [namespace]: target },
      hooks: {
        resources: [
          {
            name: "broken",
            includedNamespaces: [target],
            postHooks: [
              {
                exec: {
                  command: ["sh", "-c", "echo cannot reach the database >&2; exit 3"],
                  onError: "Fail",
                  waitTimeout: "3m",
                },
              },
              { exec: { command: ["sh", "-c", "echo never > /cache/never"] } },
            ],
          },
        ],
      },
    });
    assert.equal(restore.status?.phase, "PartiallyFailed", JSON.stringify(restore.status));
    assert.deepEqual(restore.status.hookStatus, { hooksAttempted: 2, hooksFailed: 2 });
    assert.equal(restore.status.errors, 2);
    const { store } = await harness.ctx.locations.open("default");
    const results = await store.getRestoreResults("hooks-fail");
    assert.deepEqual(results.errors.namespaces?.[target], [
      "hook broken in container web failed to execute, err: command terminated with exit code 3, stderr: cannot reach the database",
      `hook broken in container web in pod ${target}/web not executed: context canceled`,
    ]);
    const web = await readyPod(target, "web");
    assert.equal(await volumeFile(web, "never"), undefined, "the hook after the failure never ran");
    const log = await bucketText((layout) => layout.restoreLogKey("hooks-fail"));
    assert.equal(lines(log, 'msg="stderr: cannot reach the database\\n"').length, 1, log);
    assert.match(lines(log, 'msg="Error executing hook"')[0] ?? "", /level=error/);
    const described = await runCaptured([
      "restore",
      "describe",
      "hooks-fail",
      "--kubeconfig",
      cluster.kubeconfigPath,
    ]);
    assert.match(described.stdout, /\nHooksAttempted:\s+2\nHooksFailed:\s+2\n/);
  });

  it("refuses a Restore whose init hook container has no command (FailedValidation)", async () => {
    const restore = await restoreAndWait("hooks-invalid", {
      backupName: "hooks-fsb",
      hooks: {
        resources: [
          {
            name: "no-command",
            postHooks: [{ init: { initContainers: [{ name: "c", image: "busybox" }] } }],
          },
        ],
      },
    });
    assert.equal(restore.status?.phase, "FailedValidation", JSON.stringify(restore.status));
    assert.deepEqual(restore.status.validationErrors, [
      "invalid InitContainer in restore hook, it doesn't have Command, Name or Image field",
    ]);
  });
});
