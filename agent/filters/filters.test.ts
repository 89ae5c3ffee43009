import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { matchesGlob } from "./glob.js";
import {
  IncludesExcludes,
  validateIncludesExcludes,
  validateScopedIncludesExcludes,
} from "./includes-excludes.js";
import { labelSelectorToQuery, matchesLabelSelector } from "./label-selector.js";
import { NamespaceFilter, validateNamespaceIncludesExcludes } from "./namespace-filter.js";
import {
  createResourceFilter,
  type ResourceInfo,
  type ResourceResolver,
} from "./resource-filter.js";

const known: Record<string, ResourceInfo> = {
  pods: { groupResource: "pods", namespaced: true },
  po: { groupResource: "pods", namespaced: true },
  deploy: { groupResource: "deployments.apps", namespaced: true },
  "deployments.apps": { groupResource: "deployments.apps", namespaced: true },
  persistentvolumes: { groupResource: "persistentvolumes", namespaced: false },
  pv: { groupResource: "persistentvolumes", namespaced: false },
  namespaces: { groupResource: "namespaces", namespaced: false },
  storageclasses: { groupResource: "storageclasses.storage.k8s.io", namespaced: false },
};
const resolve: ResourceResolver = (name) => known[name];
const pods = known["pods"]!;
const deployments = known["deploy"]!;
const pvs = known["pv"]!;
const namespaces = known["namespaces"]!;
const storageClasses = known["storageclasses"]!;

describe("glob", () => {
  const cases: [string, string, boolean][] = [
    ["app-*", "app-web", true],
    ["app-*", "db", false],
    ["ns-?", "ns-1", true],
    ["ns-?", "ns-10", false],
    ["ns-[0-9]", "ns-7", true],
    ["ns-[!0-9]", "ns-7", false],
    ["{a,b}-x", "b-x", true],
    ["a.b", "axb", false],
  ];
  for (const [pattern, name, want] of cases) {
    it(`${pattern} ${want ? "matches" : "does not match"} ${name}`, () => {
      assert.equal(matchesGlob(pattern, name), want);
    });
  }
});

describe("IncludesExcludes", () => {
  it("includes everything but the excludes when includes are empty or *", () => {
    assert.equal(new IncludesExcludes([], ["kube-*"]).shouldInclude("kube-system"), false);
    assert.equal(new IncludesExcludes(["*"], []).shouldInclude("app"), true);
    assert.equal(new IncludesExcludes(["a", "b"], []).shouldInclude("c"), false);
    assert.equal(new IncludesExcludes(["*"]).includeEverything(), true);
    assert.equal(new IncludesExcludes(["*"], ["x"]).includeEverything(), false);
  });

  it("validates like Velero", () => {
    assert.equal(validateIncludesExcludes(["*", "a"], ["*", "b"]).length, 3);
    assert.deepEqual(validateIncludesExcludes(["a"], ["a"]), [
      "excludes list cannot contain an item in the includes list: a",
    ]);
    assert.deepEqual(validateScopedIncludesExcludes(["pods"], ["*"]), [
      "when exclude is '*', include cannot have value",
    ]);
  });
});

describe("NamespaceFilter", () => {
  const active = ["app-a", "app-b", "db", "kube-system"];

  it("expands glob patterns against the namespaces that exist", () => {
    const filter = new NamespaceFilter(["app-*"], ["app-b"], active);
    assert.deepEqual(filter.resolve(active), ["app-a"]);
  });

  it("includes nothing when a pattern matches no namespace", () => {
    const filter = new NamespaceFilter(["nothing-*"], [], active);
    assert.deepEqual(filter.resolve(active), []);
  });

  it("refuses unsupported patterns and bad names", () => {
    assert.match(validateNamespaceIncludesExcludes(["a**"], []).join(), /consecutive asterisks/);
    assert.match(validateNamespaceIncludesExcludes(["Bad_NS"], []).join(), /DNS-1123 label/);
    assert.deepEqual(validateNamespaceIncludesExcludes(["app-[0-9]", "*"].slice(0, 1), []), []);
  });
});

describe("old resource filters", () => {
  const all = new NamespaceFilter(["*"], []);
  const some = new NamespaceFilter(["app"], []);

  it("collects cluster-scoped resources only for whole-cluster backups when includeClusterResources is unset", () => {
    assert.equal(createResourceFilter({}, all, resolve).shouldInclude(pvs), true);
    assert.equal(createResourceFilter({}, some, resolve).shouldInclude(pvs), false);
    assert.equal(createResourceFilter({}, some, resolve).shouldInclude(namespaces), true);
    assert.equal(
      createResourceFilter({}, some, resolve).shouldExclude(pvs),
      false,
      "PVs still come with their PVCs",
    );
  });

  it("honours includeClusterResources true and false", () => {
    assert.equal(
      createResourceFilter({ includeClusterResources: true }, some, resolve).shouldInclude(pvs),
      true,
    );
    const none = createResourceFilter({ includeClusterResources: false }, all, resolve);
    assert.equal(none.shouldInclude(pvs), false);
    assert.equal(none.shouldExclude(pvs), true);
  });

  it("resolves short names in the resource lists", () => {
    const filter = createResourceFilter(
      { includedResources: ["deploy"], excludedResources: ["po"] },
      all,
      resolve,
    );
    assert.equal(filter.shouldInclude(deployments), true);
    assert.equal(filter.shouldInclude(pods), false);
    assert.equal(filter.shouldExclude(pods), true);
    assert.equal(
      filter.shouldExclude(pvs),
      true,
      "unset includeClusterResources + not included ⇒ excluded",
    );
  });
});

describe("new scoped resource filters", () => {
  const all = new NamespaceFilter(["*"], []);
  const some = new NamespaceFilter(["app"], []);

  it("includes cluster-scoped resources only when listed, unless nothing narrows the backup", () => {
    const listed = createResourceFilter(
      { includedClusterScopedResources: ["storageclasses"] },
      some,
      resolve,
    );
    assert.equal(listed.shouldInclude(storageClasses), true);
    assert.equal(listed.shouldInclude(pvs), false);
    assert.equal(listed.shouldInclude(namespaces), true);
    assert.equal(
      createResourceFilter(
        { excludedNamespaceScopedResources: ["pods"] },
        all,
        resolve,
      ).shouldInclude(pvs),
      false,
    );
  });

  it("drops names listed in the wrong scope", () => {
    const filter = createResourceFilter(
      { includedNamespaceScopedResources: ["pv", "pods"] },
      all,
      resolve,
    );
    assert.equal(filter.shouldInclude(pods), true);
    assert.equal(filter.shouldInclude(deployments), false);
  });
});

describe("label selectors", () => {
  const selector = {
    matchLabels: { app: "web" },
    matchExpressions: [
      { key: "tier", operator: "In", values: ["front", "back"] },
      { key: "legacy", operator: "DoesNotExist" },
    ],
  };

  it("renders query text and matches locally the same way", () => {
    assert.equal(labelSelectorToQuery(selector), "app=web,tier in (front,back),!legacy");
    assert.equal(matchesLabelSelector({ app: "web", tier: "front" }, selector), true);
    assert.equal(matchesLabelSelector({ app: "web", tier: "db" }, selector), false);
    assert.equal(matchesLabelSelector({ app: "web", tier: "back", legacy: "1" }, selector), false);
    assert.equal(matchesLabelSelector(undefined, undefined), true);
  });
});
