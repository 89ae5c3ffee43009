import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { KubeObject } from "../../../lib/kube/index.js";
import { createLogger, silentLogger } from "../../../lib/log.js";
import { ResourceModifierConfigError } from "./errors.js";
import { ResourceModifiers } from "./resource-modifiers.js";
import { jsonAt, namesAt } from "./testing/json-at.js";

function rules(body: string): string {
  return `version: v1\nresourceModifierRules:\n${body}`;
}

function pvc(name: string, namespace: string, storageClassName: string, labels = {}): KubeObject {
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name, namespace, labels },
    spec: { storageClassName },
  };
}

function deployment(): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "test-web", namespace: "bar", labels: { app: "web" } },
    spec: {
      replicas: 1,
      template: { spec: { containers: [{ name: "nginx", image: "nginx:1.14" }] } },
    },
  };
}

function capture() {
  const lines: string[] = [];
  return { lines, log: createLogger({ sink: (line) => lines.push(line) }) };
}

describe("ResourceModifiers.parse", () => {
  const errors: [string, string, "parse" | "validate", RegExp][] = [
    [
      "text that is not YAML",
      "version: v1\n  bad: [",
      "parse",
      /^failed to decode yaml data into resource modifiers, err: /,
    ],
    [
      "an unknown field (strict decoding)",
      rules("- conditions:\n    groupResource: pods\n    bogus: 1\n  patches: []"),
      "parse",
      /unknown field "bogus" in resourceModifierRules\[0\]\.conditions/,
    ],
    [
      "a list where an object belongs",
      "version: v1\nresourceModifierRules: {a: 1}",
      "parse",
      /resourceModifierRules must be a list/,
    ],
    [
      "another version",
      "version: v2\nresourceModifierRules: []",
      "validate",
      /^unsupported resource modifier version v2$/,
    ],
    ["no rules", "version: v1", "validate", /^resource modifier rules cannot be empty$/],
    [
      "a rule without groupResource",
      rules("- conditions:\n    namespaces: [a]\n  patches:\n  - operation: remove\n    path: /x"),
      "validate",
      /^groupkResource cannot be empty$/,
    ],
    [
      "two kinds of patches in a rule",
      rules(
        "- conditions:\n    groupResource: pods\n  patches:\n  - operation: remove\n    path: /x\n  mergePatches:\n  - patchData: '{}'",
      ),
      "validate",
      /^only one of patches, mergePatches, strategicPatches can be specified$/,
    ],
    [
      "a JSON patch without operation",
      rules("- conditions:\n    groupResource: pods\n  patches:\n  - path: /x"),
      "validate",
      /^operation cannot be empty$/,
    ],
    [
      "an unknown JSON patch operation",
      rules(
        "- conditions:\n    groupResource: pods\n  patches:\n  - operation: merge\n    path: /x",
      ),
      "validate",
      /^unsupported operation merge$/,
    ],
    [
      "a JSON patch without path",
      rules("- conditions:\n    groupResource: pods\n  patches:\n  - operation: remove"),
      "validate",
      /^path cannot be empty$/,
    ],
    [
      "a JSON patch path without a leading slash",
      rules(
        "- conditions:\n    groupResource: pods\n  patches:\n  - operation: remove\n    path: spec",
      ),
      "validate",
      /patches\[0\]: JSON pointer "spec" does not start with "\/"/,
    ],
    [
      "a copy without from",
      rules(
        "- conditions:\n    groupResource: pods\n  patches:\n  - operation: copy\n    path: /a",
      ),
      "validate",
      /from cannot be empty for operation copy/,
    ],
    [
      "a JSON value that does not parse",
      rules(
        "- conditions:\n    groupResource: pods\n  patches:\n  - operation: add\n    path: /a\n    value: '{oops'",
      ),
      "validate",
      /is not valid JSON/,
    ],
    [
      "a bad name regex",
      rules(
        "- conditions:\n    groupResource: pods\n    resourceNameRegex: '('\n  patches:\n  - operation: remove\n    path: /x",
      ),
      "validate",
      /resourceNameRegex: Invalid regular expression/,
    ],
    [
      "a bad groupResource glob",
      rules(
        "- conditions:\n    groupResource: '[pods'\n  patches:\n  - operation: remove\n    path: /x",
      ),
      "validate",
      /groupResource: unclosed \[/,
    ],
    [
      "a bad label selector operator",
      rules(
        "- conditions:\n    groupResource: pods\n    labelSelector:\n      matchExpressions:\n      - {key: a, operator: Near}\n  patches:\n  - operation: remove\n    path: /x",
      ),
      "validate",
      /"Near" is not a valid label selector operator/,
    ],
    [
      "a match rule without path",
      rules(
        "- conditions:\n    groupResource: pods\n    matches:\n    - value: x\n  patches:\n  - operation: remove\n    path: /x",
      ),
      "validate",
      /path is required for match rule/,
    ],
    [
      "merge patch data that is not an object",
      rules("- conditions:\n    groupResource: pods\n  mergePatches:\n  - patchData: '[1]'"),
      "validate",
      /patchData must be a JSON or YAML object/,
    ],
    [
      "an unsupported strategic directive",
      rules(
        '- conditions:\n    groupResource: pods\n  strategicPatches:\n  - patchData: \'{"spec": {"$foo": 1}}\'',
      ),
      "validate",
      /the directive \$foo is not supported/,
    ],
  ];
  for (const [name, source, stage, message] of errors) {
    it(`rejects ${name}`, () => {
      assert.throws(
        () => ResourceModifiers.parse(source),
        (error: unknown) => {
          assert.ok(error instanceof ResourceModifierConfigError, String(error));
          assert.equal(error.stage, stage);
          assert.match(error.message, message);
          return true;
        },
      );
    });
  }

  it("accepts the version in any case, JSON text and a rule without patches", () => {
    const json = JSON.stringify({
      version: "V1",
      resourceModifierRules: [{ conditions: { groupResource: "pods" } }],
    });
    assert.equal(ResourceModifiers.parse(json).rules.length, 1);
  });
});

describe("ResourceModifiers.apply", () => {
  const storageClassRule = (conditions: string) =>
    rules(
      `- conditions:\n${conditions}\n  patches:\n  - operation: replace\n    path: /spec/storageClassName\n    value: premium`,
    );

  const conditionCases: [string, string, KubeObject, string, boolean][] = [
    [
      "matches the groupResource",
      "    groupResource: persistentvolumeclaims",
      pvc("db", "foo", "standard"),
      "persistentvolumeclaims",
      true,
    ],
    [
      "skips another groupResource",
      "    groupResource: persistentvolumeclaims",
      pvc("db", "foo", "standard"),
      "pods",
      false,
    ],
    [
      "matches a listed namespace",
      "    groupResource: persistentvolumeclaims\n    namespaces: [bar, foo]",
      pvc("db", "foo", "standard"),
      "persistentvolumeclaims",
      true,
    ],
    [
      "skips a namespace not listed",
      "    groupResource: persistentvolumeclaims\n    namespaces: [bar]",
      pvc("db", "foo", "standard"),
      "persistentvolumeclaims",
      false,
    ],
    [
      "matches a namespace glob",
      "    groupResource: persistentvolumeclaims\n    namespaces: ['f*']",
      pvc("db", "foo", "standard"),
      "persistentvolumeclaims",
      true,
    ],
    [
      "matches the name regex (unanchored, as Go's MatchString)",
      "    groupResource: persistentvolumeclaims\n    resourceNameRegex: 'ysq'",
      pvc("mysql-0", "foo", "standard"),
      "persistentvolumeclaims",
      true,
    ],
    [
      "skips a name the regex does not match",
      "    groupResource: persistentvolumeclaims\n    resourceNameRegex: '^mysql.*$'",
      pvc("pg-0", "foo", "standard"),
      "persistentvolumeclaims",
      false,
    ],
    [
      "matches the label selector",
      "    groupResource: persistentvolumeclaims\n    labelSelector:\n      matchLabels: {foo: bar}",
      pvc("db", "foo", "standard", { foo: "bar" }),
      "persistentvolumeclaims",
      true,
    ],
    [
      "skips labels the selector does not match",
      "    groupResource: persistentvolumeclaims\n    labelSelector:\n      matchExpressions:\n      - {key: foo, operator: In, values: [baz]}",
      pvc("db", "foo", "standard", { foo: "bar" }),
      "persistentvolumeclaims",
      false,
    ],
    [
      "matches when every `matches` value is equal",
      "    groupResource: persistentvolumeclaims\n    matches:\n    - path: /spec/storageClassName\n      value: standard",
      pvc("db", "foo", "standard"),
      "persistentvolumeclaims",
      true,
    ],
    [
      "skips when a `matches` value differs",
      "    groupResource: persistentvolumeclaims\n    matches:\n    - path: /spec/storageClassName\n      value: gold",
      pvc("db", "foo", "standard"),
      "persistentvolumeclaims",
      false,
    ],
    [
      "skips when a `matches` path is missing",
      "    groupResource: persistentvolumeclaims\n    matches:\n    - path: /spec/selector/matchLabels/x\n      value: gold",
      pvc("db", "foo", "standard"),
      "persistentvolumeclaims",
      false,
    ],
    [
      "matches with the * wildcard on a core resource",
      "    groupResource: '*'",
      pvc("db", "foo", "standard"),
      "persistentvolumeclaims",
      true,
    ],
  ];
  for (const [name, conditions, item, groupResource, applied] of conditionCases) {
    it(name, () => {
      const modifiers = ResourceModifiers.parse(storageClassRule(conditions));
      const errors = modifiers.apply(item, groupResource, silentLogger);
      assert.deepEqual(errors, []);
      assert.equal(
        (item["spec"] as { storageClassName: string }).storageClassName,
        applied ? "premium" : "standard",
      );
    });
  }

  it("checks later rules against the item as it was before any rule (Velero: standard ⇒ premium, premium ⇒ gold gives premium)", () => {
    const modifiers = ResourceModifiers.parse(
      rules(
        ["standard:premium", "premium:gold"]
          .map((pair) => {
            const [from, to] = pair.split(":");
            return `- conditions:\n    groupResource: persistentvolumeclaims\n    matches:\n    - path: /spec/storageClassName\n      value: ${String(from)}\n  patches:\n  - operation: replace\n    path: /spec/storageClassName\n    value: ${String(to)}`;
          })
          .join("\n"),
      ),
    );
    const item = pvc("db", "foo", "standard");
    assert.deepEqual(modifiers.apply(item, "persistentvolumeclaims", silentLogger), []);
    assert.equal((item["spec"] as { storageClassName: string }).storageClassName, "premium");
  });

  it("skips the whole JSON patch without error when a test operation fails, and logs it", () => {
    const modifiers = ResourceModifiers.parse(
      rules(
        "- conditions:\n    groupResource: deployments.apps\n  patches:\n  - operation: test\n    path: /spec/replicas\n    value: '2'\n  - operation: replace\n    path: /spec/replicas\n    value: '5'",
      ),
    );
    const item = deployment();
    const { lines, log } = capture();
    assert.deepEqual(modifiers.apply(item, "deployments.apps", log), []);
    assert.equal((item["spec"] as { replicas: number }).replicas, 1);
    assert.ok(lines.some((l) => l.includes("Test operation failed for JSON Patch")));
    assert.ok(lines.some((l) => l.includes("Applying resource modifier patch on bar/test-web")));
  });

  it("reports a JSON patch that does not apply as an item error and leaves the item unchanged", () => {
    const modifiers = ResourceModifiers.parse(
      rules(
        "- conditions:\n    groupResource: deployments.apps\n  patches:\n  - operation: replace\n    path: /spec/replicas\n    value: '5'\n  - operation: replace\n    path: /spec/paused\n    value: 'true'",
      ),
    );
    const item = deployment();
    const errors = modifiers.apply(item, "deployments.apps", silentLogger);
    assert.equal(errors.length, 1);
    assert.match(
      errors[0] ?? "",
      /^error in applying patch error in applying JSON Patch replace operation does not apply: doc is missing key: "\/spec\/paused"/,
    );
    assert.deepEqual(item, deployment());
  });

  it("adds a container from an escaped JSON value and copies it (Velero's example)", () => {
    const modifiers = ResourceModifiers.parse(
      rules(
        `- conditions:\n    groupResource: deployments.apps\n    resourceNameRegex: "^test-.*$"\n    namespaces: [bar]\n  patches:\n  - operation: add\n    path: "/spec/template/spec/containers/0"\n    value: "{\\"name\\": \\"sidecar\\", \\"image\\": \\"busybox\\"}"\n  - operation: copy\n    from: "/spec/template/spec/containers/0"\n    path: "/spec/template/spec/containers/2"`,
      ),
    );
    const item = deployment();
    assert.deepEqual(modifiers.apply(item, "deployments.apps", silentLogger), []);
    assert.deepEqual(namesAt(item, "spec.template.spec.containers"), [
      "sidecar",
      "nginx",
      "sidecar",
    ]);
  });

  it("applies merge patches in order, in YAML or JSON", () => {
    const modifiers = ResourceModifiers.parse(
      rules(
        `- conditions:\n    groupResource: deployments.apps\n  mergePatches:\n  - patchData: |\n      metadata:\n        labels:\n          app: null\n          tier: front\n  - patchData: '{"spec": {"replicas": 3}}'`,
      ),
    );
    const item = deployment();
    assert.deepEqual(modifiers.apply(item, "deployments.apps", silentLogger), []);
    assert.deepEqual(jsonAt(item, "metadata.labels"), { tier: "front" });
    assert.equal(jsonAt(item, "spec.replicas"), 3);
  });

  it("applies a strategic patch to a container by name", () => {
    const modifiers = ResourceModifiers.parse(
      rules(
        `- conditions:\n    groupResource: deployments.apps\n  strategicPatches:\n  - patchData: |\n      spec:\n        template:\n          spec:\n            containers:\n            - name: nginx\n              image: repo2/nginx`,
      ),
    );
    const item = deployment();
    assert.deepEqual(modifiers.apply(item, "deployments.apps", silentLogger), []);
    assert.deepEqual(jsonAt(item, "spec.template.spec.containers"), [
      { name: "nginx", image: "repo2/nginx" },
    ]);
  });

  it("fails a strategic patch on a custom resource as Velero (its scheme has no such kind)", () => {
    const modifiers = ResourceModifiers.parse(
      rules(
        `- conditions:\n    groupResource: '*.example.com'\n  strategicPatches:\n  - patchData: '{"spec": {"size": 2}}'`,
      ),
    );
    const item: KubeObject = {
      apiVersion: "example.com/v1",
      kind: "Widget",
      metadata: { name: "w" },
      spec: { size: 1 },
    };
    const errors = modifiers.apply(item, "widgets.example.com", silentLogger);
    assert.match(
      errors[0] ?? "",
      /^error in applying patch no kind "Widget" is registered for version "example.com\/v1"/,
    );
  });

  it("reports a rule without patches as an error on the items it matches", () => {
    const modifiers = ResourceModifiers.parse(rules("- conditions:\n    groupResource: pods"));
    const item: KubeObject = { apiVersion: "v1", kind: "Pod", metadata: { name: "p" } };
    assert.deepEqual(modifiers.apply(item, "pods", silentLogger), [
      "error in applying patch no patch data found",
    ]);
  });

  it("matches cluster-scoped items whatever the namespaces listed", () => {
    const modifiers = ResourceModifiers.parse(
      rules(
        `- conditions:\n    groupResource: persistentvolumes\n    namespaces: [foo]\n  mergePatches:\n  - patchData: '{"spec": {"storageClassName": "gold"}}'`,
      ),
    );
    const item: KubeObject = {
      apiVersion: "v1",
      kind: "PersistentVolume",
      metadata: { name: "pv" },
      spec: {},
    };
    assert.deepEqual(modifiers.apply(item, "persistentvolumes", silentLogger), []);
    assert.deepEqual(item["spec"], { storageClassName: "gold" });
  });
});
