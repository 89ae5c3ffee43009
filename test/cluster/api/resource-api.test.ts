import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { ApiError } from "../cluster-api.js";
import type { KubeObject } from "../cluster-api.js";
import { REFS, eventually, testState } from "../testing/test-state.js";

const state = testState();
const api = state.api;
after(() => {
  state.stop();
});

function configMap(
  name: string,
  namespace = "default",
  extra: Partial<KubeObject> = {},
): KubeObject {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name, namespace },
    data: { a: "1" },
    ...extra,
  };
}

function apiError(code: number, reason: string): (error: unknown) => boolean {
  return (error) => error instanceof ApiError && error.code === code && error.reason === reason;
}

describe("the in-process cluster API", () => {
  it("starts with the system namespaces, their default service accounts and the kubernetes service", () => {
    const names = api.list(REFS.namespaces).map((n) => n.metadata.name);
    assert.deepEqual(names, ["default", "kube-node-lease", "kube-public", "kube-system"]);
    const accounts = api.list(
      { group: "", version: "v1", resource: "serviceaccounts" },
      { namespace: "kube-system" },
    );
    assert.deepEqual(
      accounts.map((a) => a.metadata.name),
      ["default"],
    );
    const svc = api.get(REFS.services, "default", "kubernetes");
    assert.equal((svc?.["spec"] as { clusterIP: string }).clusterIP, "10.96.0.1");
  });

  it("assigns uid, resourceVersion and creationTimestamp on create and rejects a second create", () => {
    const created = api.create(REFS.configmaps, configMap("first"));
    assert.match(created.metadata.uid ?? "", /^[0-9a-f-]{36}$/);
    assert.ok(Number(created.metadata.resourceVersion) > 0);
    assert.match(created.metadata.creationTimestamp ?? "", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.throws(
      () => api.create(REFS.configmaps, configMap("first")),
      apiError(409, "AlreadyExists"),
    );
  });

  it("fills a name from generateName", () => {
    const created = api.create(REFS.configmaps, {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { generateName: "gen-", namespace: "default" },
    });
    assert.match(created.metadata.name ?? "", /^gen-[a-z0-9]{5}$/);
  });

  it("refuses an update carrying a stale resourceVersion with 409 Conflict", () => {
    const created = api.create(REFS.configmaps, configMap("occ"));
    const updated = api.update(REFS.configmaps, { ...created, data: { a: "2" } });
    assert.notEqual(updated.metadata.resourceVersion, created.metadata.resourceVersion);
    assert.throws(
      () => api.update(REFS.configmaps, { ...created, data: { a: "3" } }),
      (error) => {
        assert.ok(error instanceof ApiError);
        assert.equal(error.code, 409);
        assert.match(
          error.message,
          /^Operation cannot be fulfilled on configmaps "occ": the object has been modified/,
        );
        return true;
      },
    );
  });

  it("answers a create in a missing namespace with 404 naming the namespace", () => {
    assert.throws(
      () => api.create(REFS.configmaps, configMap("x", "missing")),
      (error) => {
        assert.ok(error instanceof ApiError);
        assert.equal(error.code, 404);
        assert.equal(error.message, 'namespaces "missing" not found');
        return true;
      },
    );
  });

  it("rejects a Deployment without selector and containers with 422 naming both fields", () => {
    const bad = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "bad", namespace: "default" },
      spec: { template: { spec: {} } },
    };
    assert.throws(
      () => api.create(REFS.deployments, bad),
      (error) => {
        assert.ok(error instanceof ApiError);
        assert.equal(error.code, 422);
        const causes = (error.details?.["causes"] as { field: string }[]).map((c) => c.field);
        assert.deepEqual(causes, ["spec.selector", "spec.template.spec.containers"]);
        return true;
      },
    );
  });

  it("keeps an object with finalizers until the last finalizer is removed", () => {
    const created = api.create(
      REFS.configmaps,
      configMap("final", "default", {
        metadata: { name: "final", namespace: "default", finalizers: ["example.com/keep"] },
      }),
    );
    api.delete(REFS.configmaps, "default", "final");
    const deleting = api.get(REFS.configmaps, "default", "final");
    assert.ok(deleting?.metadata.deletionTimestamp !== undefined);
    api.update(REFS.configmaps, {
      ...deleting,
      metadata: { ...deleting.metadata, finalizers: [] },
    });
    assert.equal(api.get(REFS.configmaps, "default", "final"), undefined);
    assert.ok(created.metadata.uid);
  });

  it("delivers ADDED, MODIFIED and DELETED events to watchers in order", async () => {
    const seen: string[] = [];
    const stop = api.watch(
      REFS.configmaps,
      (type, object) => seen.push(`${type}:${object.metadata.name ?? ""}`),
      { namespace: "default" },
    );
    const created = api.create(REFS.configmaps, configMap("watched"));
    api.update(REFS.configmaps, { ...created, data: { b: "2" } });
    api.delete(REFS.configmaps, "default", "watched");
    await eventually(() => seen.length >= 3);
    stop();
    assert.deepEqual(seen, ["ADDED:watched", "MODIFIED:watched", "DELETED:watched"]);
  });

  it("empties and removes a deleted namespace", async () => {
    api.create(REFS.namespaces, {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "doomed" },
    });
    api.create(REFS.configmaps, configMap("inside", "doomed"));
    api.delete(REFS.namespaces, undefined, "doomed");
    const terminating = api.get(REFS.namespaces, undefined, "doomed");
    assert.equal((terminating?.["status"] as { phase: string }).phase, "Terminating");
    assert.throws(
      () => api.create(REFS.configmaps, configMap("late", "doomed")),
      apiError(403, "Forbidden"),
    );
    await eventually(() => api.get(REFS.namespaces, undefined, "doomed") === undefined);
    assert.equal(api.list(REFS.configmaps, { namespace: "doomed" }).length, 0);
  });

  it("garbage-collects dependents of a deleted owner", async () => {
    const owner = api.create(REFS.configmaps, configMap("owner"));
    const ref = {
      apiVersion: "v1",
      kind: "ConfigMap",
      name: "owner",
      uid: owner.metadata.uid ?? "",
    };
    api.create(
      REFS.configmaps,
      configMap("dependent", "default", {
        metadata: { name: "dependent", namespace: "default", ownerReferences: [ref] },
      }),
    );
    api.delete(REFS.configmaps, "default", "owner");
    await eventually(() => api.get(REFS.configmaps, "default", "dependent") === undefined);
  });

  it("orphans dependents when asked to", async () => {
    const owner = api.create(REFS.configmaps, configMap("parent"));
    const ref = {
      apiVersion: "v1",
      kind: "ConfigMap",
      name: "parent",
      uid: owner.metadata.uid ?? "",
    };
    api.create(
      REFS.configmaps,
      configMap("child", "default", {
        metadata: { name: "child", namespace: "default", ownerReferences: [ref] },
      }),
    );
    api.delete(REFS.configmaps, "default", "parent", { propagationPolicy: "Orphan" });
    await eventually(() => api.get(REFS.configmaps, "default", "parent") === undefined);
    const child = api.get(REFS.configmaps, "default", "child");
    assert.equal(child?.metadata.ownerReferences, undefined);
  });

  it("allocates a cluster IP for a Service and keeps None for a headless one", () => {
    const svc = api.create(REFS.services, {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "web", namespace: "default" },
      spec: { ports: [{ port: 80 }] },
    });
    assert.match((svc["spec"] as { clusterIP: string }).clusterIP, /^10\.96\.\d+\.\d+$/);
    const headless = api.create(REFS.services, {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "db", namespace: "default" },
      spec: { clusterIP: "None", ports: [{ port: 5432 }] },
    });
    assert.equal((headless["spec"] as { clusterIP: string }).clusterIP, "None");
  });

  it("folds stringData of a Secret into base64 data", () => {
    const secret = api.create(REFS.secrets, {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "s", namespace: "default" },
      stringData: { password: "hunter2" },
    });
    assert.deepEqual(secret["data"], { password: Buffer.from("hunter2").toString("base64") });
    assert.equal(secret["stringData"], undefined);
    assert.equal(secret["type"], "Opaque");
  });
});
