import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { ApiError } from "../cluster-api.js";
import type { KubeObject } from "../cluster-api.js";
import { silentLogger } from "../../../lib/log.js";
import { createClusterState } from "../cluster-state.js";
import { REFS, eventually, testState } from "../testing/test-state.js";

const state = testState();
const api = state.api;
after(() => {
  state.stop();
});

const widgets = { group: "example.com", version: "v1", resource: "widgets" };
const widgetsAlpha = { group: "example.com", version: "v1alpha1", resource: "widgets" };

function crd(): KubeObject {
  const schema = {
    openAPIV3Schema: {
      type: "object",
      properties: {
        spec: { type: "object", properties: { size: { type: "string" } } },
        status: { type: "object", properties: { ready: { type: "boolean" } } },
      },
    },
  };
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: "widgets.example.com" },
    spec: {
      group: "example.com",
      scope: "Namespaced",
      names: { plural: "widgets", singular: "widget", kind: "Widget" },
      versions: [
        { name: "v1alpha1", served: true, storage: false, schema, subresources: { status: {} } },
        { name: "v1", served: true, storage: true, schema, subresources: { status: {} } },
      ],
    },
  };
}

function deployment(name: string, ownerUid?: string): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: {
      name,
      namespace: "default",
      ...(ownerUid === undefined
        ? {}
        : {
            ownerReferences: [
              {
                apiVersion: "v1",
                kind: "ConfigMap",
                name: "fg-owner",
                uid: ownerUid,
                blockOwnerDeletion: true,
              },
            ],
          }),
    },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: "c", image: "i" }] },
      },
    },
  };
}

describe("object lifecycle", () => {
  it("keeps status out of main-resource updates and spec out of status updates", () => {
    const created = api.create(REFS.deployments, deployment("split"));
    const withStatus = api.update(
      REFS.deployments,
      { ...created, status: { replicas: 7 } },
      { subresource: "status" },
    );
    assert.deepEqual(withStatus["status"], { replicas: 7 });
    const mainUpdate = api.update(REFS.deployments, {
      ...withStatus,
      spec: { ...(withStatus["spec"] as object), replicas: 3 },
      status: { replicas: 0 },
    });
    assert.deepEqual(mainUpdate["status"], { replicas: 7 });
    assert.equal(mainUpdate.metadata.generation, 2);
    const statusOnly = api.update(
      REFS.deployments,
      {
        ...mainUpdate,
        spec: { ...(mainUpdate["spec"] as object), replicas: 9 },
        status: { replicas: 1 },
      },
      { subresource: "status" },
    );
    assert.equal((statusOnly["spec"] as { replicas: number }).replicas, 3);
    assert.equal(statusOnly.metadata.generation, 2);
  });

  it("deletes in the foreground: the owner waits with its finalizer until its dependents are gone", async () => {
    const owner = api.create(REFS.configmaps, {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "fg-owner", namespace: "default" },
    });
    api.create(REFS.deployments, deployment("fg-child", owner.metadata.uid));
    api.delete(REFS.configmaps, "default", "fg-owner", { propagationPolicy: "Foreground" });
    const deleting = api.get(REFS.configmaps, "default", "fg-owner");
    assert.deepEqual(deleting?.metadata.finalizers, ["foregroundDeletion"]);
    await eventually(() => api.get(REFS.configmaps, "default", "fg-owner") === undefined);
    assert.equal(api.get(REFS.deployments, "default", "fg-child"), undefined);
  });

  it("serves every served version of a CRD from one storage and removes the objects with the CRD", async () => {
    api.create(REFS.crds, crd());
    await eventually(() => state.ctx.registry.lookup("example.com", "v1", "widgets") !== undefined);
    const established = api.get(REFS.crds, undefined, "widgets.example.com");
    const conditions = (
      established?.["status"] as { conditions: { type: string; status: string }[] }
    ).conditions;
    assert.deepEqual(conditions.map((c) => `${c.type}=${c.status}`).sort(), [
      "Established=True",
      "NamesAccepted=True",
    ]);
    api.create(widgetsAlpha, {
      apiVersion: "example.com/v1alpha1",
      kind: "Widget",
      metadata: { name: "w", namespace: "default" },
      spec: { size: "s" },
      status: { ready: true },
    });
    const v1 = api.get(widgets, "default", "w");
    assert.ok(v1 !== undefined);
    assert.equal(v1.apiVersion, "example.com/v1");
    assert.equal(v1["status"], undefined, "status is a subresource, so a create drops it");
    assert.equal(v1.metadata.generation, 1);
    api.delete(REFS.crds, undefined, "widgets.example.com");
    await eventually(() => state.ctx.registry.lookup("example.com", "v1", "widgets") === undefined);
    assert.equal(state.ctx.store.count("example.com/widgets"), 0);
  });

  it("refuses a node port another Service holds with 422", () => {
    const svc = (name: string): KubeObject => ({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name, namespace: "default" },
      spec: { type: "NodePort", ports: [{ port: 80, nodePort: 30123 }] },
    });
    api.create(REFS.services, svc("np-a"));
    assert.throws(
      () => api.create(REFS.services, svc("np-b")),
      (error) =>
        error instanceof ApiError &&
        error.code === 422 &&
        /provided port is already allocated/.test(error.message),
    );
  });

  it("validates a dry-run update without storing it", () => {
    const created = api.create(REFS.configmaps, {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "dry", namespace: "default" },
      data: { a: "1" },
    });
    const patched = api.patch(
      REFS.configmaps,
      { namespace: "default", name: "dry" },
      { type: "merge", body: { data: { a: "2" } }, options: { dryRun: true } },
    );
    assert.deepEqual(patched["data"], { a: "2" });
    assert.deepEqual(api.get(REFS.configmaps, "default", "dry")?.["data"], { a: "1" });
    assert.equal(
      api.get(REFS.configmaps, "default", "dry")?.metadata.resourceVersion,
      created.metadata.resourceVersion,
    );
  });
  it("stores a merge patch that changes only managedFields and bumps the resourceVersion", () => {
    const created = api.create(REFS.configmaps, {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "mf-only", namespace: "default" },
      data: { a: "1" },
    });
    const backedUp = [
      {
        manager: "kubectl-create",
        operation: "Update",
        apiVersion: "v1",
        time: "2020-01-02T03:04:05Z",
        fieldsType: "FieldsV1",
        fieldsV1: { "f:data": { ".": {}, "f:a": {} } },
      },
    ];
    const patched = api.patch(
      REFS.configmaps,
      { namespace: "default", name: "mf-only" },
      { type: "merge", body: { metadata: { managedFields: backedUp } } },
    );
    const stored = api.get(REFS.configmaps, "default", "mf-only");
    assert.deepEqual(stored?.metadata["managedFields"], backedUp);
    assert.notEqual(patched.metadata.resourceVersion, created.metadata.resourceVersion);
    assert.equal(stored.metadata.resourceVersion, patched.metadata.resourceVersion);
  });

  it("keeps an update that changes nothing a no-op, managedFields included", () => {
    const created = api.create(REFS.configmaps, {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "noop", namespace: "default" },
      data: { a: "1" },
    });
    const updated = api.update(REFS.configmaps, { ...created, data: { a: "1" } });
    assert.equal(updated.metadata.resourceVersion, created.metadata.resourceVersion);
    assert.deepEqual(updated.metadata["managedFields"], created.metadata["managedFields"]);
  });
});

describe("restart with persisted state", () => {
  it("collects dependents whose owners are gone and drops references to missing owners", async () => {
    const before = testState();
    const owner = before.api.create(REFS.configmaps, {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "gone-owner", namespace: "default" },
    });
    const kept = before.api.create(REFS.configmaps, {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "kept-owner", namespace: "default" },
    });
    const ref = (o: KubeObject) => ({
      apiVersion: "v1",
      kind: "ConfigMap",
      name: o.metadata.name ?? "",
      uid: o.metadata.uid ?? "",
    });
    before.api.create(REFS.configmaps, {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "orphan", namespace: "default", ownerReferences: [ref(owner)] },
    });
    before.api.create(REFS.configmaps, {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "half", namespace: "default", ownerReferences: [ref(owner), ref(kept)] },
    });
    const objects = new Map<string, KubeObject[]>();
    for (const key of before.ctx.store.keys()) {
      const list = before.ctx.store
        .list(key)
        .filter((o) => !(key.includes("configmaps") && o.metadata.name === "gone-owner"));
      objects.set(key, list);
    }
    before.stop();
    const after_ = createClusterState({
      clusterName: "test",
      nodes: 1,
      log: silentLogger,
      caCertificate: "test-ca",
      initial: { revision: 1000, objects },
    });
    try {
      await eventually(() => after_.api.get(REFS.configmaps, "default", "orphan") === undefined);
      await eventually(
        () =>
          after_.api.get(REFS.configmaps, "default", "half")?.metadata.ownerReferences?.length ===
          1,
      );
      const half = after_.api.get(REFS.configmaps, "default", "half");
      assert.deepEqual(
        half?.metadata.ownerReferences?.map((r) => r.name),
        ["kept-owner"],
      );
    } finally {
      after_.stop();
    }
  });
});
