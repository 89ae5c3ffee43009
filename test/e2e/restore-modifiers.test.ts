// Restore resource modifiers end to end on a local test cluster: a Deployment and a ConfigMap
// backed up by the in-process agent, then restored (into a mapped namespace) with a modifier
// ConfigMap whose rules change one container's image by JSON Patch, the other's by strategic
// merge patch and annotate ConfigMaps by merge patch; a patch that does not apply is an item
// error; restores naming a missing or invalid modifier ConfigMap fail validation with
// Velero's messages and create nothing.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import type { Restore, RestoreSpec } from "../../lib/api/index.js";
import { backupController } from "../../agent/controllers/backup-controller.js";
import { createRestoreController } from "../../agent/controllers/restore-controller.js";
import { createAgentHarness } from "../../agent/backup/testing/agent-harness.js";
import { checkedKubectl } from "../helpers/checked-kubectl.js";
import { startTestCluster } from "../helpers/local-cluster.js";

const timeoutMs = 120_000;
const cluster = await startTestCluster({ name: "restore-modifiers-e2e" });
const agent = await createAgentHarness({ kubeconfigPath: cluster.kubeconfigPath });
after(() => agent.stop());
await agent.createLocation("default", { isDefault: true });
const scratchDir = await mkdtemp(join(tmpdir(), "restore-modifiers-scratch-"));
after(() => rm(scratchDir, { recursive: true, force: true }));
await agent.start([
  backupController,
  (ctx) =>
    createRestoreController(
      { ...ctx, config: { ...ctx.config, scratchDir } },
      { progressIntervalMs: 100, pollMs: 100 },
    ),
]);
const kubectl = checkedKubectl(cluster, timeoutMs);
const veleroNamespace = agent.ctx.velero.namespace;

const source = `
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop, labels: {app: web}}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - {name: app, image: "registry.old/app:1"}
      - {name: proxy, image: "registry.old/proxy:1", env: [{name: MODE, value: edge}]}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: shop}
data: {color: blue}
`;

const rules = `version: v1
resourceModifierRules:
- conditions:
    groupResource: deployments.apps
    resourceNameRegex: "^web$"
    namespaces: [shop]
  patches:
  - operation: test
    path: /spec/template/spec/containers/0/image
    value: registry.old/app:1
  - operation: replace
    path: /spec/template/spec/containers/0/image
    value: registry.new/app:2
- conditions:
    groupResource: configmaps
    namespaces: [shop]
    matches:
    - path: /data/color
      value: blue
  mergePatches:
  - patchData: |
      metadata:
        annotations:
          migrated-by: resource-modifiers
- conditions:
    groupResource: "*.apps"
  strategicPatches:
  - patchData: '{"spec": {"template": {"spec": {"containers": [{"name": "proxy", "image": "registry.new/proxy:2"}]}}}}'
`;

async function createModifierConfigMap(name: string, data: Record<string, string>): Promise<void> {
  const configMap = {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name, namespace: veleroNamespace },
    data,
  };
  await kubectl(["apply", "-f", "-"], JSON.stringify(configMap));
}

async function restore(name: string, spec: RestoreSpec): Promise<Restore> {
  const velero = agent.ctx.velero;
  await velero.restores.create({
    apiVersion: "velero.io/v1",
    kind: "Restore",
    metadata: { name, namespace: veleroNamespace },
    spec,
  });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = await velero.restores.get(name);
    const phase = current.status?.phase ?? "";
    if (["Completed", "PartiallyFailed", "Failed", "FailedValidation"].includes(phase)) {
      return current;
    }
    if (Date.now() > deadline)
      throw new Error(`restore ${name}: ${JSON.stringify(current.status)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function getJson(kind: string, name: string, namespace: string): Promise<unknown> {
  return JSON.parse(await kubectl(["get", kind, name, "-n", namespace, "-o", "json"]));
}

interface Container {
  readonly name: string;
  readonly image: string;
  readonly env?: readonly { name: string; value: string }[];
}

await kubectl(["apply", "-f", "-"], source);
await agent.createBackup("shop", { includedNamespaces: ["shop"] });
const backedUp = await agent.waitForBackup("shop", undefined, timeoutMs);
assert.equal(backedUp.status?.phase, "Completed", JSON.stringify(backedUp.status));
await createModifierConfigMap("shop-modifiers", { "rules.yaml": rules });

describe("restore with resource modifiers", () => {
  it("patches the Deployment (JSON Patch and strategic merge patch) and annotates the ConfigMap (merge patch) in a mapped namespace", async () => {
    const done = await restore("shop-modified", {
      backupName: "shop",
      namespaceMapping: { shop: "shop-copy" },
      resourceModifier: { kind: "ConfigMap", name: "shop-modifiers" },
    });
    assert.equal(done.status?.phase, "Completed", JSON.stringify(done.status));
    assert.equal(done.status.warnings, undefined, JSON.stringify(done.status));
    const deployment = (await getJson("deployment", "web", "shop-copy")) as {
      spec: { template: { spec: { containers: Container[] } } };
    };
    assert.deepEqual(
      deployment.spec.template.spec.containers.map((c) => [c.name, c.image]),
      [
        ["app", "registry.new/app:2"],
        ["proxy", "registry.new/proxy:2"],
      ],
    );
    assert.deepEqual(deployment.spec.template.spec.containers[1]?.env, [
      { name: "MODE", value: "edge" },
    ]);
    const configMap = (await getJson("configmap", "settings", "shop-copy")) as {
      metadata: { annotations?: Record<string, string>; labels?: Record<string, string> };
      data: Record<string, string>;
    };
    assert.equal(configMap.metadata.annotations?.["migrated-by"], "resource-modifiers");
    assert.equal(configMap.metadata.labels?.["velero.io/restore-name"], "shop-modified");
    assert.deepEqual(configMap.data, { color: "blue" });
    const original = (await getJson("deployment", "web", "shop")) as {
      spec: { template: { spec: { containers: Container[] } } };
    };
    assert.equal(original.spec.template.spec.containers[0]?.image, "registry.old/app:1");
  });

  it("files a patch that does not apply as an error of the item, which is still restored (PartiallyFailed)", async () => {
    const failing = `version: v1
resourceModifierRules:
- conditions:
    groupResource: configmaps
    resourceNameRegex: "^settings$"
  patches:
  - operation: replace
    path: /data/missing
    value: x
`;
    await createModifierConfigMap("shop-failing-modifiers", { "rules.yaml": failing });
    const done = await restore("shop-failing", {
      backupName: "shop",
      namespaceMapping: { shop: "shop-failing" },
      resourceModifier: { kind: "configmap", name: "shop-failing-modifiers" },
    });
    assert.equal(done.status?.phase, "PartiallyFailed", JSON.stringify(done.status));
    assert.equal(done.status.errors, 1);
    const store = (await agent.ctx.locations.open("default")).store;
    const results = await store.getRestoreResults("shop-failing");
    assert.deepEqual(results.errors.namespaces, {
      "shop-failing": [
        'error in applying patch error in applying JSON Patch replace operation does not apply: doc is missing key: "/data/missing"',
      ],
    });
    const configMap = (await getJson("configmap", "settings", "shop-failing")) as {
      data: Record<string, string>;
    };
    assert.deepEqual(configMap.data, { color: "blue" });
  });

  it("fails validation when the modifier ConfigMap does not exist, and restores nothing", async () => {
    const done = await restore("shop-missing-modifiers", {
      backupName: "shop",
      namespaceMapping: { shop: "shop-missing" },
      resourceModifier: { kind: "ConfigMap", name: "absent" },
    });
    assert.equal(done.status?.phase, "FailedValidation", JSON.stringify(done.status));
    assert.deepEqual(done.status.validationErrors, [
      `failed to get resource modifiers configmap ${veleroNamespace}/absent`,
    ]);
    const result = await cluster.kubectl(["get", "namespace", "shop-missing"], { timeoutMs });
    assert.notEqual(result.code, 0, "the mapped namespace was not created");
  });

  it("fails validation with Velero's message when the rules are invalid", async () => {
    await createModifierConfigMap("shop-bad-modifiers", { "rules.yaml": "version: v2\n" });
    const done = await restore("shop-bad-modifiers", {
      backupName: "shop",
      namespaceMapping: { shop: "shop-bad" },
      resourceModifier: { kind: "ConfigMap", name: "shop-bad-modifiers" },
    });
    assert.equal(done.status?.phase, "FailedValidation", JSON.stringify(done.status));
    assert.deepEqual(done.status.validationErrors, [
      `Validation error in resource modifiers provided in configmap ${veleroNamespace}/shop-bad-modifiers: unsupported resource modifier version v2`,
    ]);
  });
});
