import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { BackupBuilder } from "../../lib/api/index.js";
import type { KubeObject } from "../../lib/kube/index.js";
import { silentLogger } from "../../lib/log.js";
import type { ResourceInfo } from "../filters/index.js";
import {
  compileSelector,
  createCrdRemapVersionAction,
  looksLikeV1beta1,
  podAction,
  prepareBoundClaim,
  pvcAction,
  relatedItemsForServiceAccount,
} from "./index.js";

const backup = new BackupBuilder("velero", "b1").build();
const resolve = (name: string): ResourceInfo | undefined =>
  ({
    pods: { groupResource: "pods", namespaced: true },
    persistentvolumeclaims: { groupResource: "persistentvolumeclaims", namespaced: true },
    "customresourcedefinition.apiextensions.k8s.io": {
      groupResource: "customresourcedefinitions.apiextensions.k8s.io",
      namespaced: false,
    },
  })[name];

describe("pod action", () => {
  test("names the pod's claims and its priority class as additional items", async () => {
    const pod: KubeObject = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web", namespace: "app" },
      spec: {
        priorityClassName: "high",
        volumes: [
          { name: "data", persistentVolumeClaim: { claimName: "data-claim" } },
          { name: "cfg", configMap: { name: "cfg" } },
          { name: "logs", persistentVolumeClaim: { claimName: "logs-claim" } },
        ],
      },
    };
    const out = await podAction.execute({
      item: pod,
      groupResource: "pods",
      backup,
      log: silentLogger,
    });
    assert.equal(out.item, pod);
    assert.deepEqual(out.additionalItems, [
      { groupResource: "priorityclasses.scheduling.k8s.io", name: "high" },
      { groupResource: "persistentvolumeclaims", namespace: "app", name: "data-claim" },
      { groupResource: "persistentvolumeclaims", namespace: "app", name: "logs-claim" },
    ]);
  });

  test("names nothing for a pod without claims or priority class", async () => {
    const pod: KubeObject = { metadata: { name: "p", namespace: "a" }, spec: { volumes: [] } };
    const out = await podAction.execute({
      item: pod,
      groupResource: "pods",
      backup,
      log: silentLogger,
    });
    assert.deepEqual(out.additionalItems, []);
  });
});

describe("PVC action", () => {
  const claim = (extra: Record<string, unknown>): KubeObject => ({
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: {
      name: "data",
      namespace: "app",
      labels: {
        app: "web",
        "velero.io/restore-name": "r1",
        "velero.io/backup-name": "older",
        "velero.io/volume-snapshot-name": "snap",
      },
    },
    spec: {
      volumeName: "pv-1",
      dataSource: { kind: "VolumeSnapshot", name: "s" },
      dataSourceRef: { kind: "VolumeSnapshot", name: "s" },
      selector: { matchLabels: { "velero.io/x": "y", tier: "db" } },
      ...extra,
    },
    status: { phase: "Bound" },
  });

  test("a bound claim pulls in its volume and loses its data source, selector and stale labels", async () => {
    const item = claim({});
    const out = await pvcAction.execute({
      item,
      groupResource: "persistentvolumeclaims",
      backup,
      log: silentLogger,
    });
    assert.deepEqual(out.additionalItems, [{ groupResource: "persistentvolumes", name: "pv-1" }]);
    assert.deepEqual(item.metadata?.labels, { app: "web" });
    const spec = item["spec"] as Record<string, unknown>;
    assert.equal(spec["dataSource"], undefined);
    assert.equal(spec["dataSourceRef"], undefined);
    assert.equal(spec["selector"], undefined);
  });

  test("a claim with an empty storage class keeps its selector minus Velero's labels", () => {
    const item = claim({ storageClassName: "" });
    assert.equal(prepareBoundClaim(item, "b1"), "pv-1");
    assert.deepEqual((item["spec"] as { selector: unknown }).selector, {
      matchLabels: { tier: "db" },
    });
  });

  test("the current backup's name label is kept", () => {
    const item = claim({});
    item.metadata!.labels!["velero.io/backup-name"] = "b1";
    prepareBoundClaim(item, "b1");
    assert.equal(item.metadata?.labels?.["velero.io/backup-name"], "b1");
  });

  test("an unbound claim is left alone and pulls in nothing", () => {
    const item = claim({});
    item["status"] = { phase: "Pending" };
    const before = structuredClone(item);
    assert.equal(prepareBoundClaim(item, "b1"), undefined);
    assert.deepEqual(item, before);
  });
});

describe("service account action", () => {
  const bindings = [
    {
      name: "view-binding",
      roleRefName: "view",
      subjects: [{ kind: "ServiceAccount", name: "sa", namespace: "app" }],
    },
    {
      name: "admin-binding",
      roleRefName: "admin",
      subjects: [
        { kind: "User", name: "sa", namespace: "app" },
        { kind: "ServiceAccount", name: "sa", namespace: "app" },
      ],
    },
    {
      name: "other",
      roleRefName: "edit",
      subjects: [{ kind: "ServiceAccount", name: "sa", namespace: "elsewhere" }],
    },
  ];

  test("names the bindings whose subjects include the account, then their cluster roles", () => {
    assert.deepEqual(relatedItemsForServiceAccount("app", "sa", bindings), [
      { groupResource: "clusterrolebindings.rbac.authorization.k8s.io", name: "admin-binding" },
      { groupResource: "clusterrolebindings.rbac.authorization.k8s.io", name: "view-binding" },
      { groupResource: "clusterroles.rbac.authorization.k8s.io", name: "admin" },
      { groupResource: "clusterroles.rbac.authorization.k8s.io", name: "view" },
    ]);
  });

  test("names nothing for an account no binding mentions", () => {
    assert.deepEqual(relatedItemsForServiceAccount("app", "nobody", bindings), []);
  });
});

describe("CRD remap version action", () => {
  const crd = (spec: Record<string, unknown>, conditions: unknown[] = []): KubeObject => ({
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: "widgets.example.com" },
    spec,
    status: { conditions },
  });

  test("recognises CRDs that look created through v1beta1", () => {
    const cases: [KubeObject, boolean][] = [
      [crd({ versions: [{ name: "v1" }] }), true],
      [crd({ versions: [{ name: "v1" }, { name: "v2" }] }), false],
      [crd({ versions: [{ name: "v1" }, { name: "v2" }], preserveUnknownFields: true }), true],
      [
        crd({ versions: [{ name: "v1" }, { name: "v2" }] }, [{ type: "NonStructuralSchema" }]),
        true,
      ],
    ];
    for (const [object, expected] of cases) assert.equal(looksLikeV1beta1(object), expected);
  });

  test("keeps the v1 object when the cluster does not serve v1beta1", async () => {
    const action = await createCrdRemapVersionAction({
      rest: undefined as never,
      servedGroupVersions: new Set(["apiextensions.k8s.io/v1"]),
      preferredVersion: () => "v1",
      log: silentLogger,
    });
    const item = crd({ versions: [{ name: "v1" }] });
    const out = await action.execute({
      item,
      groupResource: "customresourcedefinitions.apiextensions.k8s.io",
      backup,
      log: silentLogger,
    });
    assert.equal(out.item, item);
  });
});

describe("action selectors", () => {
  test("match resources by resolved name, namespaces and labels as Velero's ShouldUse", () => {
    const crds = compileSelector(
      { includedResources: ["customresourcedefinition.apiextensions.k8s.io"] },
      resolve,
    );
    assert.equal(
      crds({ groupResource: "customresourcedefinitions.apiextensions.k8s.io", namespace: "" }),
      true,
    );
    assert.equal(crds({ groupResource: "pods", namespace: "a" }), false);
    const scoped = compileSelector(
      {
        includedResources: ["pods"],
        includedNamespaces: ["a"],
        labelSelector: { matchLabels: { app: "web" } },
      },
      resolve,
    );
    assert.equal(scoped({ groupResource: "pods", namespace: "a", labels: { app: "web" } }), true);
    assert.equal(scoped({ groupResource: "pods", namespace: "b", labels: { app: "web" } }), false);
    assert.equal(scoped({ groupResource: "pods", namespace: "a", labels: { app: "db" } }), false);
    const namespacedOnly = compileSelector({ includedNamespaces: ["a"] }, resolve);
    assert.equal(namespacedOnly({ groupResource: "persistentvolumes", namespace: "" }), false);
    const everything = compileSelector({}, resolve);
    assert.equal(everything({ groupResource: "persistentvolumes", namespace: "" }), true);
  });
});
