import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InvalidInputError } from "../errors.js";
import {
  formatGroupResource,
  itemDirectory,
  itemFileName,
  itemPath,
  parseGroupResource,
  parseItemPath,
  type ItemRef,
} from "./entry-path.js";

const longName = "a".repeat(120) + "-" + "b".repeat(120);

const cases: { name: string; ref: ItemRef; path: string }[] = [
  {
    name: "a namespaced core item",
    ref: { groupResource: "pods", namespace: "default", name: "web-0" },
    path: "resources/pods/namespaces/default/web-0.json",
  },
  {
    name: "a cluster-scoped item",
    ref: { groupResource: "namespaces", name: "default" },
    path: "resources/namespaces/cluster/default.json",
  },
  {
    name: "the preferred-version copy of a namespaced item",
    ref: {
      groupResource: "deployments.apps",
      namespace: "shop",
      name: "api",
      version: "v1",
      preferred: true,
    },
    path: "resources/deployments.apps/v1-preferredversion/namespaces/shop/api.json",
  },
  {
    name: "the preferred-version copy of a cluster-scoped CRD",
    ref: {
      groupResource: "customresourcedefinitions.apiextensions.k8s.io",
      name: "backups.velero.io",
      version: "v1",
      preferred: true,
    },
    path: "resources/customresourcedefinitions.apiextensions.k8s.io/v1-preferredversion/cluster/backups.velero.io.json",
  },
  {
    name: "a non-preferred version copy",
    ref: {
      groupResource: "horizontalpodautoscalers.autoscaling",
      namespace: "ns",
      name: "hpa",
      version: "v2beta2",
      preferred: false,
    },
    path: "resources/horizontalpodautoscalers.autoscaling/v2beta2/namespaces/ns/hpa.json",
  },
  {
    name: "an RBAC name with colons",
    ref: { groupResource: "clusterroles.rbac.authorization.k8s.io", name: "system:controller:x" },
    path: "resources/clusterroles.rbac.authorization.k8s.io/cluster/system:controller:x.json",
  },
  {
    name: "a name that itself ends in .json",
    ref: { groupResource: "configmaps", namespace: "n", name: "settings.json" },
    path: "resources/configmaps/namespaces/n/settings.json.json",
  },
  {
    name: "a name longer than a USTAR header field",
    ref: { groupResource: "secrets", namespace: "n", name: longName },
    path: `resources/secrets/namespaces/n/${longName}.json`,
  },
  {
    name: "a non-ASCII name",
    ref: { groupResource: "configmaps", namespace: "ns", name: "ünïcødé" },
    path: "resources/configmaps/namespaces/ns/ünïcødé.json",
  },
  {
    name: "a namespace that looks like a number",
    ref: { groupResource: "pods", namespace: "123", name: "p" },
    path: "resources/pods/namespaces/123/p.json",
  },
];

describe("item paths", () => {
  for (const c of cases) {
    it(`builds and parses back ${c.name}`, () => {
      assert.equal(itemPath(c.ref), c.path);
      assert.equal(itemDirectory(c.ref) + itemFileName(c.ref.name), c.path);
      assert.deepEqual(parseItemPath(c.path), c.ref);
    });
  }

  it("treats an empty namespace as cluster scope", () => {
    assert.equal(
      itemPath({ groupResource: "nodes", namespace: "", name: "n1" }),
      "resources/nodes/cluster/n1.json",
    );
  });

  const invalid: [string, ItemRef][] = [
    ["an empty name", { groupResource: "pods", namespace: "a", name: "" }],
    ["a name with a slash", { groupResource: "pods", namespace: "a", name: "x/y" }],
    ["a dot-dot name", { groupResource: "pods", namespace: "a", name: ".." }],
    ["a dot-dot namespace", { groupResource: "pods", namespace: "..", name: "x" }],
    ["a resource with a slash", { groupResource: "a/b", name: "x" }],
    ["a version with a slash", { groupResource: "pods", name: "x", version: "v1/x" }],
    ["a name with a NUL byte", { groupResource: "pods", name: "x\0y" }],
  ];
  for (const [what, ref] of invalid) {
    it(`refuses ${what}`, () => {
      assert.throws(() => itemPath(ref), InvalidInputError);
    });
  }

  const notItems = [
    "metadata/version",
    "resources/pods",
    "resources/pods/README",
    "resources/pods/cluster/x",
    "resources/pods/cluster/.json",
    "resources/pods/cluster/a/b.json",
    "resources/pods/namespaces/ns.json",
    "resources/pods/namespaces/ns/a/b.json",
    "resources/pods/v1/namespaces/ns",
    "resources/pods/-preferredversion/cluster/x.json",
    "resources/pods/other/thing/x.json",
    "resources/../cluster/x.json",
    "other/pods/cluster/x.json",
  ];
  for (const path of notItems) {
    it(`does not take ${JSON.stringify(path)} for an item`, () => {
      assert.equal(parseItemPath(path), undefined);
    });
  }
});

describe("group resources", () => {
  const table: [string, string, string][] = [
    ["", "pods", "pods"],
    ["apps", "deployments", "deployments.apps"],
    [
      "apiextensions.k8s.io",
      "customresourcedefinitions",
      "customresourcedefinitions.apiextensions.k8s.io",
    ],
    ["velero.io", "backups", "backups.velero.io"],
  ];
  for (const [group, resource, text] of table) {
    it(`writes ${JSON.stringify(text)} for group ${JSON.stringify(group)} and back`, () => {
      assert.equal(formatGroupResource({ group, resource }), text);
      assert.deepEqual(parseGroupResource(text), { group, resource });
    });
  }
});
