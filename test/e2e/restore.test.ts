// Restores end to end on a local test cluster: objects created with the real kubectl, backed up
// by the agent's backup controller and restored by its restore controller (both in this
// process, filesystem storage location): Velero's nginx example after `kubectl delete ns`,
// namespace mapping, filters, existing-resource policies, a CRD with custom resources,
// validation, a corrupted archive, the files in the bucket and the finalizer.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import type { Restore, RestoreSpec } from "../../lib/api/index.js";
import type { BackupStore } from "../../lib/backup-store/index.js";
import { backupController } from "../../agent/controllers/backup-controller.js";
import { createRestoreController } from "../../agent/controllers/restore-controller.js";
import { createAgentHarness, type AgentHarness } from "../../agent/backup/testing/agent-harness.js";
import {
  assertRestoredEqual,
  restoreLabelsOf,
  type JsonObject,
} from "../helpers/compare-objects.js";
import { checkedKubectl } from "../helpers/checked-kubectl.js";
import { startTestCluster, type TestCluster } from "../helpers/local-cluster.js";

const harnesses: AgentHarness[] = [];
after(async () => {
  for (const harness of harnesses) await harness.stop();
});
const cluster: TestCluster = await startTestCluster({ name: "restore-e2e", controllers: true });
const agent = await createAgentHarness({ kubeconfigPath: cluster.kubeconfigPath });
harnesses.push(agent);
await agent.createLocation("default", { isDefault: true });
const scratchDir = await mkdtemp(join(tmpdir(), "restore-e2e-scratch-"));
after(() => rm(scratchDir, { recursive: true, force: true }));
await agent.start([
  backupController,
  (ctx) =>
    createRestoreController(
      { ...ctx, config: { ...ctx.config, scratchDir } },
      { progressIntervalMs: 100, pollMs: 100 },
    ),
]);
const store: BackupStore = (await agent.ctx.locations.open("default")).store;

const timeoutMs = 120_000;

const kubectl = checkedKubectl(cluster, timeoutMs);

async function getJson(kind: string, name: string, namespace?: string): Promise<JsonObject> {
  const ns = namespace === undefined ? [] : ["-n", namespace];
  return JSON.parse(await kubectl(["get", kind, name, ...ns, "-o", "json"])) as JsonObject;
}

async function exists(kind: string, name: string, namespace?: string): Promise<boolean> {
  const ns = namespace === undefined ? [] : ["-n", namespace];
  const result = await cluster.kubectl(["get", kind, name, ...ns, "-o", "name"], { timeoutMs });
  return result.code === 0;
}

const finalPhases = ["Completed", "PartiallyFailed", "Failed", "FailedValidation"];

async function restore(name: string, spec: RestoreSpec): Promise<Restore> {
  const velero = agent.ctx.velero;
  await velero.restores.create({
    apiVersion: "velero.io/v1",
    kind: "Restore",
    metadata: { name, namespace: velero.namespace },
    spec,
  });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = await velero.restores.get(name);
    if (finalPhases.includes(current.status?.phase ?? "")) return current;
    if (Date.now() > deadline)
      throw new Error(`restore ${name}: ${JSON.stringify(current.status)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function backup(name: string, namespaces: string[]): Promise<void> {
  await agent.createBackup(name, { includedNamespaces: namespaces });
  const done = await agent.waitForBackup(name, undefined, timeoutMs);
  assert.equal(done.status?.phase, "Completed", JSON.stringify(done.status));
}

const nginx = `
apiVersion: v1
kind: Namespace
metadata: {name: nginx-example, labels: {app: nginx}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: nginx-deployment, namespace: nginx-example, labels: {app: nginx}}
spec:
  replicas: 2
  selector: {matchLabels: {app: nginx}}
  template:
    metadata: {labels: {app: nginx}}
    spec:
      containers:
      - {name: nginx, image: "nginx:1.17.6", ports: [{containerPort: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: my-nginx, namespace: nginx-example, labels: {app: nginx}}
spec:
  type: ClusterIP
  ports: [{port: 80, targetPort: 80}]
  selector: {app: nginx}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: nginx-config, namespace: nginx-example, labels: {app: nginx}}
data: {index.html: "hello"}
---
apiVersion: v1
kind: Secret
metadata: {name: nginx-secret, namespace: nginx-example}
type: Opaque
stringData: {password: s3cret}
`;

const objects: readonly (readonly [string, string])[] = [
  ["deployment", "nginx-deployment"],
  ["service", "my-nginx"],
  ["configmap", "nginx-config"],
  ["secret", "nginx-secret"],
];

await kubectl(["apply", "-f", "-"], nginx);
await kubectl(["rollout", "status", "deployment/nginx-deployment", "-n", "nginx-example"]);
const originals = new Map<string, JsonObject>();
for (const [kind, name] of objects) {
  originals.set(kind, await getJson(kind, name, "nginx-example"));
}
const originalNamespace = await getJson("namespace", "nginx-example");
await backup("nginx", ["nginx-example"]);

describe("restore of Velero's nginx example", () => {
  it("recreates every object of a deleted namespace equal to the original", async () => {
    await kubectl(["delete", "ns", "nginx-example", "--wait=true"]);
    assert.equal(await exists("namespace", "nginx-example"), false);
    const done = await restore("nginx-1", { backupName: "nginx" });
    assert.equal(done.status?.phase, "Completed", JSON.stringify(done.status));
    assert.equal(done.status.errors, undefined);
    assert.ok((done.status.progress?.itemsRestored ?? 0) >= 5, JSON.stringify(done.status));
    assert.ok(
      done.metadata.finalizers?.includes("restores.velero.io/external-resources-finalizer"),
    );
    const namespace = await getJson("namespace", "nginx-example");
    assertRestoredEqual(namespace, originalNamespace, {}, "namespace");
    for (const [kind, name] of objects) {
      const restored = await getJson(kind, name, "nginx-example");
      assertRestoredEqual(restored, originals.get(kind), {}, `${kind}/${name}`);
      assert.deepEqual(restoreLabelsOf(restored), {
        "velero.io/backup-name": "nginx",
        "velero.io/restore-name": "nginx-1",
      });
    }
  });

  it("leaves the Deployment available with its two pods: the restored pods and ReplicaSet are adopted, none added", async () => {
    await kubectl(["rollout", "status", "deployment/nginx-deployment", "-n", "nginx-example"]);
    interface Owned {
      metadata: { name: string; ownerReferences?: { kind: string; controller?: boolean }[] };
    }
    const list = async (kind: string): Promise<Owned[]> =>
      (
        JSON.parse(await kubectl(["get", kind, "-n", "nginx-example", "-o", "json"])) as {
          items: Owned[];
        }
      ).items;
    const restoredPods = (await store.getRestoredResourceList("nginx-1"))["v1/Pod"] ?? [];
    assert.equal(restoredPods.length, 2, JSON.stringify(restoredPods));
    const pods = await list("pods");
    assert.deepEqual(
      pods.map((p) => `nginx-example/${p.metadata.name}(created)`).sort(),
      [...restoredPods].sort(),
    );
    for (const pod of pods) {
      assert.deepEqual(
        pod.metadata.ownerReferences?.map((o) => [o.kind, o.controller]),
        [["ReplicaSet", true]],
      );
    }
    const replicaSets = await list("replicasets");
    assert.equal(replicaSets.length, 1);
    assert.deepEqual(
      replicaSets[0]?.metadata.ownerReferences?.map((o) => [o.kind, o.controller]),
      [["Deployment", true]],
    );
  });

  it("writes results and a resource list that decode as Velero's", async () => {
    const results = await store.getRestoreResults("nginx-1");
    assert.deepEqual(results.errors, {});
    const list = await store.getRestoredResourceList("nginx-1");
    assert.deepEqual(list["apps/v1/Deployment"], ["nginx-example/nginx-deployment(created)"]);
    assert.deepEqual(list["v1/ConfigMap"], [
      "nginx-example/kube-root-ca.crt(skipped)",
      "nginx-example/nginx-config(created)",
    ]);
    assert.deepEqual(list["v1/Namespace"], ["nginx-example(created)"]);
    const log = await store.getRestoreLog("nginx-1");
    assert.ok(log !== undefined);
    let text = "";
    for await (const chunk of log) text += String(chunk);
    assert.match(text, /level=info msg="Restored \d+ items out of an estimated total/);
  });

  it("restores into another namespace under a namespace mapping", async () => {
    const done = await restore("nginx-mapped", {
      backupName: "nginx",
      namespaceMapping: { "nginx-example": "nginx-copy" },
    });
    assert.equal(done.status?.phase, "Completed", JSON.stringify(done.status));
    const namespace = await getJson("namespace", "nginx-copy");
    assert.deepEqual((namespace["metadata"] as { labels?: unknown }).labels, {
      app: "nginx",
      "kubernetes.io/metadata.name": "nginx-copy",
    });
    for (const [kind, name] of objects) {
      const restored = await getJson(kind, name, "nginx-copy");
      assertRestoredEqual(restored, originals.get(kind), { namespace: "x" }, `${kind}/${name}`);
    }
  });

  it("restores only what the resource filter and the label selector select", async () => {
    const done = await restore("nginx-filtered", {
      backupName: "nginx",
      namespaceMapping: { "nginx-example": "nginx-filtered" },
      includedResources: ["configmaps", "secrets", "deployments"],
      labelSelector: { matchLabels: { app: "nginx" } },
    });
    assert.equal(done.status?.phase, "Completed", JSON.stringify(done.status));
    assert.equal(await exists("configmap", "nginx-config", "nginx-filtered"), true);
    assert.equal(await exists("deployment", "nginx-deployment", "nginx-filtered"), true);
    assert.equal(await exists("secret", "nginx-secret", "nginx-filtered"), false);
    assert.equal(await exists("service", "my-nginx", "nginx-filtered"), false);
  });

  it("restores nothing from namespaces the namespace filter excludes", async () => {
    const done = await restore("nginx-excluded", {
      backupName: "nginx",
      namespaceMapping: { "nginx-example": "nginx-never" },
      excludedNamespaces: ["nginx-*"],
    });
    assert.equal(done.status?.phase, "Completed", JSON.stringify(done.status));
    assert.equal(await exists("namespace", "nginx-never"), false);
  });

  it("leaves a changed object alone without a policy and updates it with policy update", async () => {
    await kubectl([
      "-n",
      "nginx-example",
      "patch",
      "configmap",
      "nginx-config",
      "--type=merge",
      "-p",
      '{"data":{"index.html":"changed"}}',
    ]);
    const none = await restore("nginx-none", {
      backupName: "nginx",
      existingResourcePolicy: "none",
    });
    assert.equal(none.status?.phase, "Completed", JSON.stringify(none.status));
    assert.ok((none.status.warnings ?? 0) >= 1);
    const warnings = (await store.getRestoreResults("nginx-none")).warnings;
    assert.ok(
      warnings.namespaces?.["nginx-example"]?.includes(
        'could not restore, ConfigMap "nginx-config" already exists. Warning: the in-cluster version is different than the backed-up version',
      ),
      JSON.stringify(warnings),
    );
    const kept = await getJson("configmap", "nginx-config", "nginx-example");
    assert.deepEqual(kept["data"], { "index.html": "changed" });

    const update = await restore("nginx-update", {
      backupName: "nginx",
      existingResourcePolicy: "update",
    });
    assert.equal(update.status?.phase, "Completed", JSON.stringify(update.status));
    const updated = await getJson("configmap", "nginx-config", "nginx-example");
    assert.deepEqual(updated["data"], { "index.html": "hello" });
    assert.equal(restoreLabelsOf(updated)["velero.io/restore-name"], "nginx-update");
    const list = await store.getRestoredResourceList("nginx-update");
    assert.ok(list["v1/ConfigMap"]?.includes("nginx-example/nginx-config(updated)"));
    assert.deepEqual(list["v1/Secret"], ["nginx-example/nginx-secret(skipped)"]);
  });

  it("removes the restore's files from the bucket when the Restore is deleted", async () => {
    assert.equal((await store.getRestoreLog("nginx-filtered")) !== undefined, true);
    await agent.ctx.velero.restores.delete("nginx-filtered");
    const deadline = Date.now() + timeoutMs;
    while (await exists("restores.velero.io", "nginx-filtered", "velero")) {
      assert.ok(Date.now() < deadline, "the Restore was not finalized");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(await store.getRestoreLog("nginx-filtered"), undefined);
    assert.deepEqual(await store.getRestoredResourceList("nginx-filtered"), {});
  });
});

describe("restore of custom resources", () => {
  it("restores the CRD first, waits until it is established, then its custom resources", async () => {
    await kubectl(
      ["apply", "-f", "-"],
      `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: gadgets.restore.example.com}
spec:
  group: restore.example.com
  scope: Namespaced
  names: {plural: gadgets, singular: gadget, kind: Gadget, listKind: GadgetList}
  versions:
  - name: v1
    served: true
    storage: true
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
`,
    );
    await kubectl(["wait", "--for=condition=Established", "crd/gadgets.restore.example.com"]);
    await kubectl(["create", "namespace", "gadgets"]);
    await kubectl(
      ["apply", "-f", "-"],
      `
apiVersion: restore.example.com/v1
kind: Gadget
metadata: {name: g1, namespace: gadgets}
spec: {size: 3, colour: blue}
`,
    );
    const original = await getJson("gadgets.restore.example.com", "g1", "gadgets");
    await backup("gadgets", ["gadgets"]);
    await kubectl(["delete", "ns", "gadgets", "--wait=true"]);
    await kubectl(["delete", "crd", "gadgets.restore.example.com", "--wait=true"]);
    const done = await restore("gadgets-1", { backupName: "gadgets" });
    assert.equal(done.status?.phase, "Completed", JSON.stringify(done.status));
    const restored = await getJson("gadgets.restore.example.com", "g1", "gadgets");
    assertRestoredEqual(restored, original);
    const list = await store.getRestoredResourceList("gadgets-1");
    assert.deepEqual(list["apiextensions.k8s.io/v1/CustomResourceDefinition"], [
      "gadgets.restore.example.com(created)",
    ]);
  });
});

describe("restores that cannot run", () => {
  it("fails validation for a backup that does not exist", async () => {
    const done = await restore("missing-1", { backupName: "no-such-backup" });
    assert.equal(done.status?.phase, "FailedValidation");
    assert.match(done.status.validationErrors?.[0] ?? "", /^Error retrieving backup: /);
  });

  it("fails validation when both a backup and a schedule are named", async () => {
    const done = await restore("both-1", { backupName: "nginx", scheduleName: "daily" });
    assert.equal(done.status?.phase, "FailedValidation");
    assert.deepEqual(done.status.validationErrors, [
      "Either a backup or schedule must be specified as a source for the restore, but not both",
    ]);
  });

  it("fails cleanly on a corrupted archive and changes nothing in the cluster", async () => {
    const velero = agent.ctx.velero;
    const source = await velero.backups.get("nginx");
    await velero.backups.create({
      apiVersion: "velero.io/v1",
      kind: "Backup",
      metadata: { name: "broken", namespace: velero.namespace },
      spec: source.spec,
      status: { ...source.status, phase: "Completed" },
    });
    const opened = await agent.ctx.locations.open("default");
    await opened.objectStore.put(
      opened.store.layout.backupContentsKey("broken"),
      Buffer.from("this is not a gzipped tarball"),
    );
    const namespacesBefore = await kubectl(["get", "namespaces", "-o", "name"]);
    const done = await restore("broken-1", {
      backupName: "broken",
      namespaceMapping: { "nginx-example": "nginx-broken" },
    });
    assert.equal(done.status?.phase, "Failed", JSON.stringify(done.status));
    assert.match(done.status.failureReason ?? "", /^error reading the backup archive: /);
    assert.equal(await kubectl(["get", "namespaces", "-o", "name"]), namespacesBefore);
    const results = await store.getRestoreResults("broken-1");
    assert.equal(results.errors.velero?.length, 1);
  });
});
