import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { orderResources } from "./restore-order.js";
import { defaultRestorePriorities, parseRestorePriorities } from "./restore-priorities.js";

const served: Record<string, string> = {
  customresourcedefinitions: "customresourcedefinitions.apiextensions.k8s.io",
  namespaces: "namespaces",
  storageclasses: "storageclasses.storage.k8s.io",
  persistentvolumes: "persistentvolumes",
  persistentvolumeclaims: "persistentvolumeclaims",
  serviceaccounts: "serviceaccounts",
  secrets: "secrets",
  configmaps: "configmaps",
  pods: "pods",
  "replicasets.apps": "replicasets.apps",
  services: "services",
  deployments: "deployments.apps",
  clusterroles: "clusterroles.rbac.authorization.k8s.io",
  roles: "roles.rbac.authorization.k8s.io",
};
const resolve = (name: string): string | undefined => served[name];

describe("orderResources", () => {
  it("puts Velero's priorities first (resolved through discovery), then the rest alphabetically", () => {
    const backup = [
      "services",
      "deployments.apps",
      "configmaps",
      "widgets.example.com",
      "customresourcedefinitions.apiextensions.k8s.io",
      "namespaces",
      "pods",
      "replicasets.apps",
      "persistentvolumeclaims",
      "ingresses.networking.k8s.io",
      "roles.rbac.authorization.k8s.io",
      "apps.kappctrl.k14s.io",
      "clusters.cluster.x-k8s.io",
    ];
    assert.deepEqual(orderResources(defaultRestorePriorities, backup, resolve), [
      "customresourcedefinitions.apiextensions.k8s.io",
      "namespaces",
      "persistentvolumeclaims",
      "roles.rbac.authorization.k8s.io",
      "configmaps",
      "pods",
      "replicasets.apps",
      "services",
      "deployments.apps",
      "ingresses.networking.k8s.io",
      "widgets.example.com",
      "clusters.cluster.x-k8s.io",
      "apps.kappctrl.k14s.io",
    ]);
  });

  it("follows a custom flag with a low-priority section after the '-'", () => {
    const priorities = parseRestorePriorities("services,pods,-,configmaps");
    const backup = ["configmaps", "pods", "services", "secrets", "deployments.apps"];
    assert.deepEqual(orderResources(priorities, backup, resolve), [
      "services",
      "pods",
      "deployments.apps",
      "secrets",
      "configmaps",
    ]);
  });

  it("leaves out priorities the backup does not hold and lists nothing twice", () => {
    const priorities = parseRestorePriorities("pods,pods,nothing.example.com,-,pods");
    assert.deepEqual(orderResources(priorities, ["pods", "a.example.com"], resolve), [
      "pods",
      "a.example.com",
    ]);
  });

  it("sorts the middle by bytes, as Go's sort.Strings does", () => {
    const backup = ["b.example.com", "B.example.com", "a-b.example.com", "a.example.com"];
    assert.deepEqual(orderResources({ high: [], low: [] }, backup, resolve), [
      "B.example.com",
      "a-b.example.com",
      "a.example.com",
      "b.example.com",
    ]);
  });
});
