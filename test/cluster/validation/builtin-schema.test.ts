import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decodeBuiltin } from "./builtin-schema.js";
import type { DecodeFindings } from "./builtin-schema.js";

function decode(
  model: string,
  body: Record<string, unknown>,
): { value: Record<string, unknown>; findings: DecodeFindings } {
  const findings: DecodeFindings = { unknownFields: [], typeErrors: [] };
  return { value: decodeBuiltin(model, body, findings), findings };
}

describe("built-in field knowledge from client-node models", () => {
  it("drops unknown fields at any depth and reports their paths", () => {
    const { value, findings } = decode("V1Deployment", {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "x", bogus: 1 },
      spec: {
        replicas: 1,
        foo: true,
        template: { spec: { containers: [{ name: "c", image: "i", colour: "red" }] } },
      },
    });
    assert.deepEqual(findings.unknownFields, [
      "metadata.bogus",
      "spec.foo",
      "spec.template.spec.containers[0].colour",
    ]);
    assert.deepEqual(value["spec"], {
      replicas: 1,
      template: { spec: { containers: [{ name: "c", image: "i" }] } },
    });
  });

  it("reports type mismatches in Go's words", () => {
    const { findings } = decode("V1Deployment", { spec: { replicas: "3" } });
    assert.deepEqual(findings.typeErrors, [
      "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32",
    ]);
  });

  it("accepts numbers for quantities and ints or strings for IntOrString ports", () => {
    const { value, findings } = decode("V1Pod", {
      spec: {
        containers: [
          {
            name: "c",
            image: "i",
            resources: { limits: { cpu: 1, memory: "1Gi" } },
            ports: [{ containerPort: 80 }],
            readinessProbe: { httpGet: { port: "http" } },
          },
        ],
      },
    });
    assert.deepEqual(findings, { unknownFields: [], typeErrors: [] });
    const container = (value["spec"] as { containers: Record<string, unknown>[] }).containers[0];
    assert.deepEqual(container?.["resources"], { limits: { cpu: "1", memory: "1Gi" } });
  });

  it("drops nulls such as kubectl's creationTimestamp: null", () => {
    const { value } = decode("V1ConfigMap", { metadata: { name: "x", creationTimestamp: null } });
    assert.deepEqual(value["metadata"], { name: "x" });
  });
});
