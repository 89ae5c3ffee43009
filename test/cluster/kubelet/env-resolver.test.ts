import { test } from "node:test";
import assert from "node:assert/strict";
import type { Container, Pod } from "../controllers/kube-types.js";
import {
  EnvResolutionError,
  expandArgs,
  expandVariables,
  resolveEnv,
  type EnvSources,
} from "./env-resolver.js";
import { quantityValue } from "../../../lib/api/index.js";
import { resolveFieldPath } from "./field-path.js";

const pod: Pod = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: {
    name: "web-1",
    namespace: "shop",
    uid: "u-1",
    labels: { app: "web", tier: "front" },
    annotations: { note: "x" },
  },
  spec: { nodeName: "n1", serviceAccountName: "sa", containers: [] },
  status: { podIP: "10.244.0.5", hostIP: "172.18.0.2", podIPs: [{ ip: "10.244.0.5" }] },
};

const sources: EnvSources = {
  configMap: (ns, name) =>
    ns === "shop" && name === "settings" ? { MODE: "fast", LEVEL: "3" } : undefined,
  secret: (ns, name) => (ns === "shop" && name === "creds" ? { password: "s3cret" } : undefined),
};

test("field paths resolve as the downward API defines them", () => {
  const cases: [string, string][] = [
    ["metadata.name", "web-1"],
    ["metadata.namespace", "shop"],
    ["metadata.uid", "u-1"],
    ["metadata.labels['app']", "web"],
    ["metadata.labels['missing']", ""],
    ["metadata.annotations['note']", "x"],
    ["metadata.labels", 'app="web"\ntier="front"'],
    ["spec.nodeName", "n1"],
    ["spec.serviceAccountName", "sa"],
    ["status.podIP", "10.244.0.5"],
    ["status.podIPs", "10.244.0.5"],
    ["status.hostIP", "172.18.0.2"],
  ];
  for (const [path, expected] of cases) assert.equal(resolveFieldPath(pod, path), expected, path);
  assert.throws(() => resolveFieldPath(pod, "spec.bogus"), /unsupported fieldPath/);
});

test("quantities parse with binary and decimal suffixes", () => {
  const cases: [string, number][] = [
    ["500m", 0.5],
    ["2", 2],
    ["1Ki", 1024],
    ["128Mi", 134217728],
    ["1G", 1e9],
  ];
  for (const [text, value] of cases) assert.equal(quantityValue(text), value, text);
  assert.ok(Number.isNaN(quantityValue("lots")));
});

test("env entries resolve in order with envFrom first and later entries overriding", () => {
  const container: Container = {
    name: "app",
    envFrom: [
      { configMapRef: { name: "settings" } },
      { secretRef: { name: "creds" }, prefix: "DB_" },
    ],
    env: [
      { name: "MODE", value: "slow" },
      { name: "GREETING", value: "hello $(POD_NAME) in $(MODE) $$(MODE) $(UNKNOWN)" },
      { name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
      { name: "LATE", value: "$(POD_NAME)" },
      { name: "PASS", valueFrom: { secretKeyRef: { name: "creds", key: "password" } } },
      { name: "LVL", valueFrom: { configMapKeyRef: { name: "settings", key: "LEVEL" } } },
      { name: "OPT", valueFrom: { configMapKeyRef: { name: "absent", key: "k", optional: true } } },
      { name: "CPU", valueFrom: { resourceFieldRef: { resource: "limits.cpu" } } },
      {
        name: "MEM",
        valueFrom: { resourceFieldRef: { resource: "requests.memory", divisor: "1Mi" } },
      },
    ],
    resources: { requests: { memory: "64Mi" } },
  };
  const env = resolveEnv({
    pod,
    container,
    sources,
    base: { KUBERNETES_SERVICE_HOST: "127.0.0.1" },
    allocatable: { cpu: "2" },
  });
  assert.deepEqual(env, {
    KUBERNETES_SERVICE_HOST: "127.0.0.1",
    MODE: "slow",
    LEVEL: "3",
    DB_password: "s3cret",
    GREETING: "hello $(POD_NAME) in slow $(MODE) $(UNKNOWN)",
    POD_NAME: "web-1",
    LATE: "web-1",
    PASS: "s3cret",
    LVL: "3",
    CPU: "2",
    MEM: "64",
  });
});

test("missing required references fail as CreateContainerConfigError messages", () => {
  const cases: [Container, string][] = [
    [{ name: "a", envFrom: [{ configMapRef: { name: "nope" } }] }, 'configmap "nope" not found'],
    [
      { name: "a", env: [{ name: "X", valueFrom: { secretKeyRef: { name: "nope", key: "k" } } }] },
      'secret "nope" not found',
    ],
    [
      {
        name: "a",
        env: [{ name: "X", valueFrom: { secretKeyRef: { name: "creds", key: "user" } } }],
      },
      "couldn't find key user in Secret shop/creds",
    ],
  ];
  for (const [container, message] of cases) {
    assert.throws(
      () => resolveEnv({ pod, container, sources }),
      (e: unknown) => e instanceof EnvResolutionError && e.message === message,
    );
  }
  assert.deepEqual(
    resolveEnv({
      pod,
      container: { name: "a", envFrom: [{ secretRef: { name: "nope", optional: true } }] },
      sources,
    }),
    {},
  );
});

test("command and args expand variables", () => {
  assert.deepEqual(expandArgs(["echo", "$(A)", "$$(A)"], { A: "1" }), ["echo", "1", "$(A)"]);
  assert.equal(expandVariables("$(A)$(B)", { A: "x" }), "x$(B)");
});
