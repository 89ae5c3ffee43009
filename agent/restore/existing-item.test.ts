import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RestoreBuilder, type RestoreSpec } from "../../lib/api/index.js";
import type { KubeObject, ResourceClient } from "../../lib/kube/index.js";
import { silentLogger } from "../../lib/log.js";
import { reconcileExisting, mergeServiceAccounts } from "./existing-item.js";
import type { ItemRun } from "./item-run.js";
import type { RestoreContext } from "./restore-context.js";
import { RestoreResults } from "./restore-results.js";
import { RestoredItems } from "./restored-items.js";

interface Patch {
  readonly name: string;
  readonly body: unknown;
}

function fakeClient(patches: Patch[], fail = false): ResourceClient {
  return {
    patch: (name: string, body: unknown) => {
      patches.push({ name, body });
      return fail ? Promise.reject(new Error("patch refused")) : Promise.resolve({});
    },
  } as unknown as ResourceClient;
}

function runFor(spec: Partial<RestoreSpec>, groupResource = "configmaps"): ItemRun {
  const restore = new RestoreBuilder("velero", "r2").backup("b1").spec(spec).build();
  const items = new RestoredItems();
  const key = { resource: "v1/ConfigMap", namespace: "ns", name: "c" };
  items.claim(key);
  return {
    ctx: { restore, items } as unknown as RestoreContext,
    results: new RestoreResults(),
    log: silentLogger,
    groupResource,
    targetNamespace: "ns",
    key,
    resourceId: `${groupResource}/ns/c`,
  };
}

const labels = { app: "x", "velero.io/backup-name": "b1", "velero.io/restore-name": "r2" };

function desired(data: Record<string, string>): KubeObject {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "c", namespace: "ns", labels },
    data,
  };
}

function inCluster(data: Record<string, string>, restoreName = "r1"): KubeObject {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: {
      name: "c",
      namespace: "ns",
      uid: "u1",
      resourceVersion: "7",
      creationTimestamp: "2024-01-01T00:00:00Z",
      managedFields: [{ manager: "kubectl" }],
      labels: { ...labels, "velero.io/restore-name": restoreName },
    },
    data,
  };
}

describe("an item that already exists", () => {
  it("is skipped without a request when it equals the backed-up item", async () => {
    const patches: Patch[] = [];
    const run = runFor({});
    await reconcileExisting({
      run,
      client: fakeClient(patches),
      desired: desired({ a: "1" }),
      inCluster: inCluster({ a: "1" }),
    });
    assert.deepEqual(patches, []);
    assert.ok(run.results.isEmpty);
    assert.equal(run.ctx.items.outcome(run.key), undefined);
  });

  it("only gets the new restore labels under policy update when it is equal", async () => {
    const patches: Patch[] = [];
    const run = runFor({ existingResourcePolicy: "update" });
    await reconcileExisting({
      run,
      client: fakeClient(patches),
      desired: desired({ a: "1" }),
      inCluster: inCluster({ a: "1" }),
    });
    assert.deepEqual(patches, [
      {
        name: "c",
        body: {
          metadata: { labels: { "velero.io/backup-name": "b1", "velero.io/restore-name": "r2" } },
        },
      },
    ]);
  });

  const warnings: readonly (readonly [string, Partial<RestoreSpec>, string])[] = [
    [
      "no policy",
      {},
      "could not restore, ConfigMap:c already exists. Warning: the in-cluster version is different than the backed-up version",
    ],
    [
      "policy none",
      { existingResourcePolicy: "none" },
      'could not restore, ConfigMap "c" already exists. Warning: the in-cluster version is different than the backed-up version',
    ],
  ];
  for (const [name, spec, message] of warnings) {
    it(`is left alone with Velero's warning when it differs under ${name}`, async () => {
      const patches: Patch[] = [];
      const run = runFor(spec);
      await reconcileExisting({
        run,
        client: fakeClient(patches),
        desired: desired({ a: "1" }),
        inCluster: inCluster({ a: "2" }),
      });
      assert.deepEqual(patches, []);
      assert.deepEqual(run.results.warnings.toResult(), { namespaces: { ns: [message] } });
    });
  }

  it("is merge-patched to the backed-up content with the new labels under policy update", async () => {
    const patches: Patch[] = [];
    const run = runFor({ existingResourcePolicy: "update" });
    await reconcileExisting({
      run,
      client: fakeClient(patches),
      desired: desired({ a: "1" }),
      inCluster: inCluster({ a: "2", b: "3" }),
    });
    assert.deepEqual(patches, [
      {
        name: "c",
        body: {
          metadata: { labels: { "velero.io/backup-name": "b1", "velero.io/restore-name": "r2" } },
          data: { a: "1", b: null },
        },
      },
    ]);
    assert.equal(run.ctx.items.outcome(run.key), "updated");
    assert.ok(run.results.isEmpty);
  });

  it("falls back to a label patch with a warning when the update patch fails", async () => {
    const patches: Patch[] = [];
    const run = runFor({ existingResourcePolicy: "update" });
    await reconcileExisting({
      run,
      client: fakeClient(patches, true),
      desired: desired({ a: "1" }),
      inCluster: inCluster({ a: "2" }),
    });
    assert.equal(patches.length, 2);
    assert.deepEqual(patches[1]?.body, {
      metadata: { labels: { "velero.io/backup-name": "b1", "velero.io/restore-name": "r2" } },
    });
    assert.deepEqual(run.results.warnings.toResult(), { namespaces: { ns: ["patch refused"] } });
    assert.equal(run.results.errors.count, 1);
  });

  it("is merged when it is a ServiceAccount, whatever the policy", async () => {
    const patches: Patch[] = [];
    const run = runFor({}, "serviceaccounts");
    const backedUp: KubeObject = {
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: { name: "c", namespace: "ns", labels },
      secrets: [{ name: "s1" }, { name: "s2" }],
      imagePullSecrets: [{ name: "p1" }],
    };
    const existing: KubeObject = {
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: { name: "c", namespace: "ns", uid: "u" },
      secrets: [{ name: "s2" }, { name: "s3" }],
    };
    await reconcileExisting({
      run,
      client: fakeClient(patches),
      desired: backedUp,
      inCluster: existing,
    });
    assert.deepEqual(patches, [
      {
        name: "c",
        body: {
          metadata: { labels: { app: "x" } },
          secrets: [{ name: "s2" }, { name: "s3" }, { name: "s1" }],
          imagePullSecrets: [{ name: "p1" }],
        },
      },
    ]);
    assert.equal(run.ctx.items.outcome(run.key), "updated");
  });
});

describe("mergeServiceAccounts", () => {
  it("unions secrets and image pull secrets by name and adds missing labels and annotations", () => {
    const merged = mergeServiceAccounts(
      {
        metadata: { name: "sa", labels: { a: "cluster" } },
        secrets: [{ name: "x" }],
      },
      {
        metadata: { name: "sa", labels: { a: "backup", b: "backup" }, annotations: { n: "1" } },
        secrets: [{ name: "x" }, { name: "y" }],
        imagePullSecrets: [{ name: "p" }],
      },
    );
    assert.deepEqual(merged, {
      metadata: { name: "sa", labels: { a: "cluster", b: "backup" }, annotations: { n: "1" } },
      secrets: [{ name: "x" }, { name: "y" }],
      imagePullSecrets: [{ name: "p" }],
    });
  });
});
