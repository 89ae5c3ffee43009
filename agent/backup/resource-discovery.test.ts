import assert from "node:assert/strict";
import { test } from "node:test";
import type { DiscoveredResource } from "../../lib/kube/index.js";
import { orderBackupResources, resourceKeyOf } from "./resource-discovery.js";

const all = ["create", "delete", "get", "list", "patch", "update", "watch"];

function discovered(
  group: string,
  resource: string,
  extra: Partial<DiscoveredResource> = {},
): DiscoveredResource {
  return {
    group,
    version: "v1",
    resource,
    namespaced: true,
    kind: resource,
    singularName: resource,
    verbs: all,
    shortNames: [],
    categories: [],
    preferred: true,
    ...extra,
  };
}

test("orders pods, claims and volumes first in the core group, groups in discovery order, extensions last", () => {
  const ordered = orderBackupResources([
    discovered("", "configmaps"),
    discovered("", "persistentvolumes", { namespaced: false }),
    discovered("extensions", "deployments"),
    discovered("", "pods"),
    discovered("", "persistentvolumeclaims"),
    discovered("apps", "deployments"),
    discovered("", "secrets"),
    discovered("batch", "jobs"),
  ]);
  assert.deepEqual(
    ordered.map((r) => r.groupResource),
    [
      "pods",
      "persistentvolumeclaims",
      "persistentvolumes",
      "configmaps",
      "secrets",
      "deployments.apps",
      "jobs.batch",
      "deployments.extensions",
    ],
  );
});

test("drops types without list, create, get and delete, and subresources", () => {
  const ordered = orderBackupResources([
    discovered("", "bindings", { verbs: ["create"] }),
    discovered("", "componentstatuses", { verbs: ["get", "list"] }),
    discovered("", "pods/log", { verbs: ["get"] }),
    discovered("", "events"),
  ]);
  assert.deepEqual(
    ordered.map((r) => r.groupResource),
    ["events"],
  );
});

test("resource keys are apiVersion/Kind", () => {
  const [deployment] = orderBackupResources([
    discovered("apps", "deployments", { kind: "Deployment" }),
  ]);
  assert.ok(deployment !== undefined);
  assert.equal(deployment.apiVersion, "apps/v1");
  assert.equal(resourceKeyOf(deployment), "apps/v1/Deployment");
  const [pod] = orderBackupResources([discovered("", "pods", { kind: "Pod" })]);
  assert.equal(resourceKeyOf(pod!), "v1/Pod");
});
