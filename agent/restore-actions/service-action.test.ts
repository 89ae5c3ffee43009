import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { KubeObject } from "../../lib/kube/index.js";
import { serviceAction } from "./service-action.js";
import { runAction } from "./testing/run-action.js";

function service(
  spec: Record<string, unknown>,
  metadata: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "s", namespace: "ns", ...metadata },
    spec,
  };
}

const lastApplied = (spec: unknown): Record<string, unknown> => ({
  annotations: { "kubectl.kubernetes.io/last-applied-configuration": JSON.stringify({ spec }) },
});

const managed = (fields: unknown): Record<string, unknown> => ({
  managedFields: [
    { manager: "kubectl", operation: "Apply", fieldsType: "FieldsV1", fieldsV1: fields },
  ],
});

describe("velero.io/service restore action", () => {
  const cases: { name: string; item: KubeObject; preserve?: boolean; wantSpec: unknown }[] = [
    {
      name: "clears clusterIP and clusterIPs of a ClusterIP service",
      item: service({
        clusterIP: "10.96.0.5",
        clusterIPs: ["10.96.0.5"],
        ports: [{ port: 80, protocol: "TCP" }],
      }),
      wantSpec: { ports: [{ port: 80, protocol: "TCP" }] },
    },
    {
      name: "keeps a headless service headless",
      item: service({ clusterIP: "None", clusterIPs: ["None"] }),
      wantSpec: { clusterIP: "None", clusterIPs: ["None"] },
    },
    {
      name: "drops auto-assigned node ports when nothing says they were set",
      item: service({
        type: "NodePort",
        ports: [{ name: "http", port: 80, protocol: "TCP", nodePort: 30080 }],
      }),
      wantSpec: { type: "NodePort", ports: [{ name: "http", port: 80, protocol: "TCP" }] },
    },
    {
      name: "keeps node ports preserveNodePorts asks for",
      preserve: true,
      item: service({ type: "NodePort", ports: [{ port: 80, protocol: "TCP", nodePort: 30080 }] }),
      wantSpec: { type: "NodePort", ports: [{ port: 80, protocol: "TCP", nodePort: 30080 }] },
    },
    {
      name: "keeps named node ports listed in last-applied-configuration and drops the others",
      item: service(
        {
          type: "NodePort",
          ports: [
            { name: "http", port: 80, protocol: "TCP", nodePort: 30080 },
            { name: "https", port: 443, protocol: "TCP", nodePort: 30443 },
          ],
        },
        lastApplied({
          ports: [
            { name: "http", port: 80, nodePort: 30080 },
            { name: "https", port: 443 },
          ],
        }),
      ),
      wantSpec: {
        type: "NodePort",
        ports: [
          { name: "http", port: 80, protocol: "TCP", nodePort: 30080 },
          { name: "https", port: 443, protocol: "TCP" },
        ],
      },
    },
    {
      name: "keeps an unnamed node port whose number last-applied-configuration gives",
      item: service(
        { type: "NodePort", ports: [{ port: 80, protocol: "TCP", nodePort: 30080 }] },
        lastApplied({ ports: [{ port: 80, nodePort: 30080 }] }),
      ),
      wantSpec: { type: "NodePort", ports: [{ port: 80, protocol: "TCP", nodePort: 30080 }] },
    },
    {
      name: "keeps node ports a server-side apply manager owns (f:nodePort in managedFields)",
      item: service(
        {
          type: "NodePort",
          ports: [
            { port: 80, protocol: "TCP", nodePort: 30080 },
            { port: 81, protocol: "TCP", nodePort: 30081 },
          ],
        },
        managed({
          "f:spec": { "f:ports": { 'k:{"port":80,"protocol":"TCP"}': { "f:nodePort": {} } } },
        }),
      ),
      wantSpec: {
        type: "NodePort",
        ports: [
          { port: 80, protocol: "TCP", nodePort: 30080 },
          { port: 81, protocol: "TCP" },
        ],
      },
    },
    {
      name: "drops an auto-assigned healthCheckNodePort of a LoadBalancer with Local traffic policy",
      item: service({
        type: "LoadBalancer",
        externalTrafficPolicy: "Local",
        healthCheckNodePort: 32000,
      }),
      wantSpec: { type: "LoadBalancer", externalTrafficPolicy: "Local" },
    },
    {
      name: "keeps a healthCheckNodePort set in last-applied-configuration",
      item: service(
        { type: "LoadBalancer", externalTrafficPolicy: "Local", healthCheckNodePort: 32000 },
        lastApplied({ healthCheckNodePort: 32000 }),
      ),
      wantSpec: {
        type: "LoadBalancer",
        externalTrafficPolicy: "Local",
        healthCheckNodePort: 32000,
      },
    },
    {
      name: "leaves ExternalName services' ports alone",
      item: service({
        type: "ExternalName",
        externalName: "x.example",
        ports: [{ port: 80, nodePort: 1 }],
      }),
      wantSpec: {
        type: "ExternalName",
        externalName: "x.example",
        ports: [{ port: 80, nodePort: 1 }],
      },
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const out = await runAction(serviceAction, c.item, {
        spec: c.preserve === undefined ? {} : { preserveNodePorts: c.preserve },
      });
      assert.deepEqual(out.item["spec"], c.wantSpec);
    });
  }

  it("fails the item when last-applied-configuration is not JSON", async () => {
    const bad = service(
      { type: "NodePort", ports: [{ port: 80, nodePort: 30080 }] },
      { annotations: { "kubectl.kubernetes.io/last-applied-configuration": "{not json" } },
    );
    await assert.rejects(runAction(serviceAction, bad), SyntaxError);
  });
});
