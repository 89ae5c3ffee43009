import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { KubeObject } from "../../cluster-api.js";
import { BUILTIN_RESOURCES } from "../../registry/builtin-resources.js";
import type { ResourceType } from "../../registry/resource-type.js";
import { humanDuration } from "./human-duration.js";
import { evaluateJsonPath } from "./jsonpath.js";
import { toTable } from "./table-convert.js";

const now = new Date("2026-01-01T01:00:00Z");

function builtin(storageKey: string): ResourceType {
  const type = BUILTIN_RESOURCES.find((t) => t.storageKey === storageKey);
  assert.ok(type);
  return type;
}

function rows(
  type: ResourceType,
  objects: KubeObject[],
  include: "None" | "Metadata" | "Object" = "None",
): { names: string[]; cells: unknown[][]; table: Record<string, unknown> } {
  const table = toTable(type, objects, { include, listMeta: { resourceVersion: "9" }, now });
  const columns = table["columnDefinitions"] as { name: string }[];
  return {
    names: columns.map((c) => c.name),
    cells: (table["rows"] as { cells: unknown[] }[]).map((r) => r.cells),
    table,
  };
}

const pod: KubeObject = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web-1", namespace: "shop", creationTimestamp: "2026-01-01T00:55:00Z" },
  spec: { nodeName: "n1", containers: [{ name: "a" }, { name: "b" }] },
  status: {
    phase: "Running",
    podIP: "10.244.1.5",
    containerStatuses: [
      {
        name: "a",
        ready: true,
        restartCount: 2,
        lastState: { terminated: { finishedAt: "2026-01-01T00:58:00Z" } },
      },
      {
        name: "b",
        ready: false,
        restartCount: 0,
        state: { waiting: { reason: "CrashLoopBackOff" } },
      },
    ],
  },
};

describe("Table responses", () => {
  it("prints pods with the columns kubectl get shows, wide ones at priority 1", () => {
    const { names, cells, table } = rows(builtin("/pods"), [pod]);
    assert.deepEqual(names, [
      "Name",
      "Ready",
      "Status",
      "Restarts",
      "Age",
      "IP",
      "Node",
      "Nominated Node",
      "Readiness Gates",
    ]);
    assert.deepEqual(cells[0], [
      "web-1",
      "1/2",
      "CrashLoopBackOff",
      "2 (2m ago)",
      "5m",
      "10.244.1.5",
      "n1",
      "<none>",
      "<none>",
    ]);
    assert.deepEqual(table["metadata"], { resourceVersion: "9" });
  });

  it("shows Terminating for a pod being deleted", () => {
    const { cells } = rows(builtin("/pods"), [
      { ...pod, metadata: { ...pod.metadata, deletionTimestamp: "2026-01-01T00:59:00Z" } },
    ]);
    assert.equal(cells[0]?.[2], "Terminating");
  });

  it("prints deployments, services and secrets like kubectl", () => {
    const deploy: KubeObject = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", creationTimestamp: "2026-01-01T00:00:00Z" },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: "web" } },
        template: { spec: { containers: [{ name: "c", image: "nginx" }] } },
      },
      status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
    };
    assert.deepEqual(rows(builtin("apps/deployments"), [deploy]).cells[0], [
      "web",
      "2/3",
      3,
      2,
      "60m",
      "c",
      "nginx",
      "app=web",
    ]);
    const svc: KubeObject = {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "np", creationTimestamp: "2026-01-01T00:00:00Z" },
      spec: {
        type: "NodePort",
        clusterIP: "10.96.0.9",
        ports: [{ port: 80, nodePort: 30080, protocol: "TCP" }],
        selector: { app: "x" },
      },
    };
    assert.deepEqual(rows(builtin("/services"), [svc]).cells[0], [
      "np",
      "NodePort",
      "10.96.0.9",
      "<none>",
      "80:30080/TCP",
      "60m",
      "app=x",
    ]);
    const secret: KubeObject = {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "s", creationTimestamp: "2026-01-01T00:59:30Z" },
      type: "kubernetes.io/tls",
      data: { a: "", b: "" },
    };
    assert.deepEqual(rows(builtin("/secrets"), [secret]).cells[0], [
      "s",
      "kubernetes.io/tls",
      2,
      "30s",
    ]);
  });

  it("prints a CRD's printer columns by JSONPath, with dates as ages", () => {
    const type: ResourceType = {
      ...builtin("/configmaps"),
      custom: true,
      printerColumns: [
        {
          name: "Ready",
          type: "string",
          priority: 0,
          jsonPath: '.status.conditions[?(@.type=="Ready")].status',
        },
        { name: "Size", type: "integer", priority: 1, jsonPath: ".spec.size" },
        { name: "Age", type: "date", priority: 0, jsonPath: ".metadata.creationTimestamp" },
      ],
    };
    const object: KubeObject = {
      apiVersion: "x/v1",
      kind: "W",
      metadata: { name: "w", creationTimestamp: "2026-01-01T00:00:00Z" },
      spec: { size: 3 },
      status: {
        conditions: [
          { type: "Synced", status: "False" },
          { type: "Ready", status: "True" },
        ],
      },
    };
    const { names, cells } = rows(type, [object]);
    assert.deepEqual(names, ["Name", "Ready", "Size", "Age"]);
    assert.deepEqual(cells[0], ["w", "True", 3, "60m"]);
  });

  it("includes the row object as requested", () => {
    const type = builtin("/configmaps");
    const object: KubeObject = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "c" },
      data: { a: "b" },
    };
    const metadata = (rows(type, [object], "Metadata").table["rows"] as { object: unknown }[])[0]
      ?.object;
    assert.deepEqual(metadata, {
      kind: "PartialObjectMetadata",
      apiVersion: "meta.k8s.io/v1",
      metadata: { name: "c" },
    });
    assert.deepEqual(
      (rows(type, [object], "Object").table["rows"] as { object: unknown }[])[0]?.object,
      object,
    );
    assert.equal(
      (rows(type, [object], "None").table["rows"] as { object?: unknown }[])[0]?.object,
      undefined,
    );
  });
});

describe("human durations", () => {
  const cases: [number, string][] = [
    [0, "0s"],
    [119_000, "119s"],
    [125_000, "2m5s"],
    [600_000, "10m"],
    [3 * 3600_000 + 5 * 60_000, "3h5m"],
    [30 * 3600_000, "30h"],
    [3 * 86_400_000 + 2 * 3600_000, "3d2h"],
    [40 * 86_400_000, "40d"],
    [3 * 365 * 86_400_000, "3y0d"],
  ];
  for (const [ms, text] of cases) {
    it(`shows ${ms} ms as ${text}`, () => {
      assert.equal(humanDuration(ms), text);
    });
  }
});

describe("JSONPath for printer columns", () => {
  const doc = {
    spec: { items: [{ name: "a" }, { name: "b" }] },
    metadata: { labels: { "app.kubernetes.io/name": "x" } },
  };
  it("selects fields, indices, wildcards, filters and quoted keys", () => {
    assert.deepEqual(evaluateJsonPath(doc, ".spec.items[*].name"), ["a", "b"]);
    assert.deepEqual(evaluateJsonPath(doc, ".spec.items[-1].name"), ["b"]);
    assert.deepEqual(evaluateJsonPath(doc, '{.spec.items[?(@.name=="b")].name}'), ["b"]);
    assert.deepEqual(evaluateJsonPath(doc, ".metadata.labels['app.kubernetes.io/name']"), ["x"]);
    assert.deepEqual(evaluateJsonPath(doc, ".spec.missing"), []);
  });
});
