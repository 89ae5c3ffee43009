// Backup exec hooks end to end: pods running on the local test cluster, the agent in this
// process, and hooks run through the cluster's pods/exec. Annotation hooks win over spec hooks,
// pre hooks write into the pod's volume before its backup, post hooks run after it, and a
// failing pre hook with onError Fail leaves the pod out and the backup PartiallyFailed with
// the hook's stderr in the log. Restore exec hooks run through the same exec path.
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import type { Backup } from "../../lib/api/index.js";
import { systemClock } from "../../lib/clock.js";
import { createLogger } from "../../lib/log.js";
import { clientNodePodExec, HookTracker, runRestoreExecHooks } from "../../agent/hooks/index.js";
import { backupController } from "../../agent/controllers/backup-controller.js";
import { createAgentHarness, type AgentHarness } from "../../agent/backup/testing/agent-harness.js";
import {
  itemId,
  readGzipJson,
  readGzipText,
  readStoredArchive,
} from "../../agent/backup/testing/stored-backup.js";
import type { Pod } from "../cluster/controllers/kube-types.js";
import { eventually as eventuallyWithin } from "../helpers/eventually.js";
import { startTestCluster } from "../helpers/local-cluster.js";

const harnesses: AgentHarness[] = [];
after(async () => {
  for (const harness of harnesses) await harness.stop();
});
const cluster = await startTestCluster({ name: "hooks-e2e", controllers: true });
const agent = await createAgentHarness({ kubeconfigPath: cluster.kubeconfigPath });
harnesses.push(agent);
const deadlineMs = 120_000;
const podsRef = { group: "", version: "v1", resource: "pods" };

const applied = await cluster.kubectl(["apply", "-f", "-"], {
  timeoutMs: deadlineMs,
  input: `
apiVersion: v1
kind: Namespace
metadata: {name: hooks-ok}
---
apiVersion: v1
kind: Namespace
metadata: {name: hooks-fail}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: db-data, namespace: hooks-ok}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
---
apiVersion: v1
kind: Pod
metadata:
  name: db
  namespace: hooks-ok
  annotations:
    pre.hook.backup.velero.io/command: '["sh", "-c", "echo frozen > /data/pre-marker; echo pre-out"]'
    pre.hook.backup.velero.io/on-error: Fail
    post.hook.backup.velero.io/command: '["sh", "-c", "test -f /data/pre-marker && echo thawed > /data/post-marker"]'
spec:
  containers:
  - name: db
    image: busybox
    command: [sh, -c, "sleep 100000"]
    volumeMounts: [{name: data, mountPath: /data}]
  volumes: [{name: data, persistentVolumeClaim: {claimName: db-data}}]
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: hooks-ok, labels: {app: web}}
spec:
  containers:
  - name: web
    image: nginx
    volumeMounts: [{name: scratch, mountPath: /scratch}]
  volumes: [{name: scratch, emptyDir: {}}]
---
apiVersion: v1
kind: Pod
metadata:
  name: fragile
  namespace: hooks-fail
  annotations:
    pre.hook.backup.velero.io/command: '["sh", "-c", "echo cannot freeze >&2; exit 1"]'
    pre.hook.backup.velero.io/on-error: Fail
spec:
  containers: [{name: app, image: busybox, command: [sh, -c, "sleep 100000"]}]
`,
});
assert.equal(applied.code, 0, applied.stderr);

function eventually<T>(what: string, probe: () => T | undefined): Promise<T> {
  return eventuallyWithin(what, probe, { timeoutMs: deadlineMs, intervalMs: 200 });
}

function running(namespace: string, name: string): Pod | undefined {
  const pod = cluster.api.get(podsRef, namespace, name) as Pod | undefined;
  const ready = pod?.status?.containerStatuses?.every((s) => s.state.running !== undefined);
  return ready === true ? pod : undefined;
}

const db = await eventually("pod db running", () => running("hooks-ok", "db"));
const web = await eventually("pod web running", () => running("hooks-ok", "web"));
await eventually("pod fragile running", () => running("hooks-fail", "fragile"));
await agent.createLocation("default", { isDefault: true });
await agent.start([backupController]);
const bucketDir = join(agent.storageRoot, "default");

function volumeFile(pod: Pod, name: string): string | undefined {
  const dir = join(
    cluster.dataDir,
    "nodes",
    pod.spec.nodeName ?? "",
    "root/var/lib/kubelet/pods",
    pod.metadata.uid ?? "",
    "volumes",
  );
  if (!existsSync(dir)) return undefined;
  const entry = readdirSync(dir, { recursive: true, encoding: "utf8" }).find(
    (e) => e === name || e.endsWith(`/${name}`),
  );
  return entry === undefined ? undefined : readFileSync(join(dir, entry), "utf8");
}

async function backUp(name: string, namespaces: string[]): Promise<Backup> {
  await agent.createBackup(name, {
    includedNamespaces: namespaces,
    hooks: {
      resources: [
        {
          name: "everyone",
          includedNamespaces: namespaces,
          pre: [{ exec: { command: ["sh", "-c", "echo spec-pre > /scratch/spec-pre"] } }],
          post: [{ exec: { command: ["sh", "-c", "echo spec-post > /scratch/spec-post"] } }],
        },
      ],
    },
  });
  return agent.waitForBackup(name, undefined, deadlineMs);
}

function logLines(log: string, message: string): string[] {
  return log.split("\n").filter((line) => line.includes(message));
}

test("annotation hooks run around the pod's backup and win over the spec's hooks", async () => {
  const backup = await backUp("hooks-ok", ["hooks-ok"]);
  assert.equal(backup.status?.phase, "Completed", JSON.stringify(backup.status));
  assert.deepEqual(backup.status.hookStatus, { hooksAttempted: 4 });
  assert.equal(volumeFile(db, "pre-marker"), "frozen\n");
  assert.equal(volumeFile(db, "post-marker"), "thawed\n");
  assert.equal(volumeFile(db, "spec-pre"), undefined);
  assert.equal(volumeFile(web, "spec-pre"), "spec-pre\n");
  assert.equal(volumeFile(web, "spec-post"), "spec-post\n");
  const dir = join(bucketDir, "backups", "hooks-ok");
  const log = await readGzipText(join(dir, "hooks-ok-logs.gz"));
  const running = logLines(log, 'msg="running exec hook"');
  assert.equal(running.length, 4, log);
  assert.ok(
    running.some(
      (l) =>
        l.includes("hookSource=annotation") &&
        l.includes("hookPhase=pre") &&
        l.includes('hookName="<from-annotation>"') &&
        l.includes("hookContainer=db"),
    ),
    running.join("\n"),
  );
  assert.ok(running.some((l) => l.includes("hookSource=spec") && l.includes("hookName=everyone")));
  assert.equal(logLines(log, "stdout: pre-out").length, 1, log);
  const archive = await readStoredArchive(join(dir, "hooks-ok.tar.gz"));
  assert.ok(
    archive.items.has(itemId({ groupResource: "pods", namespace: "hooks-ok", name: "db" })),
  );
});

test("a failing pre hook with onError Fail leaves the pod out and the backup PartiallyFailed", async () => {
  const backup = await backUp("hooks-fail", ["hooks-fail"]);
  assert.equal(backup.status?.phase, "PartiallyFailed", JSON.stringify(backup.status));
  assert.deepEqual(backup.status.hookStatus, { hooksAttempted: 1, hooksFailed: 1 });
  const dir = join(bucketDir, "backups", "hooks-fail");
  const log = await readGzipText(join(dir, "hooks-fail-logs.gz"));
  assert.equal(logLines(log, "stderr: cannot freeze").length, 1, log);
  const failed = logLines(log, 'msg="Error executing hook"');
  assert.equal(failed.length, 1, log);
  assert.match(failed[0] ?? "", /level=error/);
  assert.match(failed[0] ?? "", /error="command terminated with exit code 1"/);
  assert.equal(logLines(log, 'msg="Error running pre hooks for pod"').length, 1, log);
  const results = (await readGzipJson(join(dir, "hooks-fail-results.gz"))) as {
    errors: { velero?: string[] };
  };
  assert.ok((results.errors.velero ?? []).length >= 2, JSON.stringify(results));
  const archive = await readStoredArchive(join(dir, "hooks-fail.tar.gz"));
  assert.equal(
    archive.items.has(itemId({ groupResource: "pods", namespace: "hooks-fail", name: "fragile" })),
    false,
  );
});

test("restore exec hooks run in a live pod through pods/exec and report failures", async () => {
  const lines: string[] = [];
  const tracker = new HookTracker();
  const errors = await runRestoreExecHooks({
    pod: web,
    hooks: [
      {
        name: "after-restore",
        includedNamespaces: ["hooks-ok"],
        postHooks: [
          {
            exec: {
              command: ["sh", "-c", "echo restored > /scratch/restore-hook"],
              waitForReady: true,
              waitTimeout: "2m",
            },
          },
          { exec: { command: ["sh", "-c", "echo broken >&2; exit 4"], execTimeout: "30s" } },
        ],
      },
    ],
    exec: clientNodePodExec(agent.ctx.kc),
    getPod: (namespace, name) =>
      Promise.resolve(cluster.api.get(podsRef, namespace, name) as Pod | undefined),
    tracker,
    log: createLogger({ sink: (line) => lines.push(line) }),
    clock: systemClock,
    signal: new AbortController().signal,
    pollMs: 100,
  });
  assert.equal(volumeFile(web, "restore-hook"), "restored\n");
  assert.deepEqual(errors, [
    "hook after-restore in container web failed to execute, err: command terminated with exit code 4, stderr: broken",
  ]);
  assert.deepEqual(tracker.status(), { hooksAttempted: 2, hooksFailed: 1 });
  assert.ok(
    lines.some((l) => l.includes('"msg":"stderr: broken\\n"')),
    lines.join("\n"),
  );
});
