import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { admissionWebhookAction } from "./admission-webhook-action.js";
import { apiServiceAction } from "./apiservice-action.js";
import { crdPreserveFieldsAction } from "./crd-preserve-fields-action.js";
import { clusterRoleBindingAction, roleBindingAction } from "./role-binding-actions.js";
import { runAction } from "./testing/run-action.js";

const subjects = [
  { kind: "ServiceAccount", name: "a", namespace: "src" },
  { kind: "ServiceAccount", name: "b", namespace: "other" },
  { kind: "User", name: "c", apiGroup: "rbac.authorization.k8s.io" },
];

describe("velero.io/role-bindings and velero.io/cluster-role-bindings restore actions", () => {
  for (const action of [roleBindingAction, clusterRoleBindingAction]) {
    it(`${action.name} remaps subjects in a mapped namespace only`, async () => {
      const binding = {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "RoleBinding",
        metadata: { name: "rb" },
        subjects,
      };
      const out = await runAction(action, binding, { spec: { namespaceMapping: { src: "dst" } } });
      assert.deepEqual(out.item["subjects"], [
        { kind: "ServiceAccount", name: "a", namespace: "dst" },
        { kind: "ServiceAccount", name: "b", namespace: "other" },
        { kind: "User", name: "c", apiGroup: "rbac.authorization.k8s.io" },
      ]);
    });
    it(`${action.name} changes nothing without a namespace mapping`, async () => {
      const binding = {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "RoleBinding",
        metadata: { name: "rb" },
        subjects,
      };
      assert.deepEqual((await runAction(action, binding)).item, binding);
    });
  }
});

describe("velero.io/admission-webhook-configuration restore action", () => {
  const config = (apiVersion: string) => ({
    apiVersion,
    kind: "ValidatingWebhookConfiguration",
    metadata: { name: "w" },
    webhooks: [
      { name: "a", sideEffects: "Unknown" },
      { name: "b", sideEffects: "NoneOnDryRun" },
      { name: "c", sideEffects: "None" },
      { name: "d" },
    ],
  });
  it("sets sideEffects None where v1 would refuse the value", async () => {
    const out = await runAction(admissionWebhookAction, config("admissionregistration.k8s.io/v1"));
    assert.deepEqual(out.item["webhooks"], [
      { name: "a", sideEffects: "None" },
      { name: "b", sideEffects: "NoneOnDryRun" },
      { name: "c", sideEffects: "None" },
      { name: "d", sideEffects: "None" },
    ]);
  });
  it("leaves v1beta1 configurations alone", async () => {
    const item = config("admissionregistration.k8s.io/v1beta1");
    assert.deepEqual((await runAction(admissionWebhookAction, item)).item, item);
  });
});

describe("velero.io/apiservice restore action", () => {
  it("skips the APIServices it applies to, which its selector limits to auto-registered ones", async () => {
    const item = {
      apiVersion: "apiregistration.k8s.io/v1",
      kind: "APIService",
      metadata: { name: "v1.apps" },
    };
    assert.equal((await runAction(apiServiceAction, item)).skipRestore, true);
    assert.deepEqual(apiServiceAction.appliesTo().labelSelector, {
      matchExpressions: [{ key: "kube-aggregator.kubernetes.io/automanaged", operator: "Exists" }],
    });
  });
});

describe("velero.io/crd-preserve-fields restore action", () => {
  const crd = (apiVersion: string, preserve: boolean) => ({
    apiVersion,
    kind: "CustomResourceDefinition",
    metadata: { name: "widgets.example.com" },
    spec: {
      preserveUnknownFields: preserve,
      versions: [{ name: "v1", schema: { openAPIV3Schema: { type: "object" } } }, { name: "v2" }],
    },
  });
  it("moves preserveUnknownFields into every version's schema for v1 CRDs", async () => {
    const out = await runAction(crdPreserveFieldsAction, crd("apiextensions.k8s.io/v1", true));
    assert.deepEqual(out.item["spec"], {
      versions: [
        {
          name: "v1",
          schema: {
            openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
          },
        },
        { name: "v2" },
      ],
    });
  });
  it("leaves v1 CRDs without the flag, and v1beta1 CRDs, unchanged", async () => {
    for (const item of [
      crd("apiextensions.k8s.io/v1", false),
      crd("apiextensions.k8s.io/v1beta1", true),
    ]) {
      assert.deepEqual((await runAction(crdPreserveFieldsAction, item)).item, item);
    }
  });
});
