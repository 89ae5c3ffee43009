// Service cluster IPs: allocated unique without scanning every Service per create, an explicit
// IP another Service holds refused, and an explicit IP free again once its Service is gone.
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { ApiError, type KubeObject } from "../cluster-api.js";
import { REFS, testState } from "../testing/test-state.js";

const state = testState();
const api = state.api;
after(() => {
  state.stop();
});

function service(name: string, clusterIP?: string): KubeObject {
  const spec = clusterIP === undefined ? {} : { clusterIP };
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace: "default" },
    spec: { ...spec, ports: [{ port: 80 }] },
  };
}

const ipOf = (object: KubeObject): unknown => (object["spec"] as { clusterIP?: unknown }).clusterIP;

describe("service cluster IPs", () => {
  it("gives every new Service its own IP in the service range", () => {
    const ips = new Set<unknown>();
    for (let i = 0; i < 300; i++) ips.add(ipOf(api.create(REFS.services, service(`auto-${i}`))));
    assert.equal(ips.size, 300);
    for (const ip of ips) assert.match(String(ip), /^10\.96\.\d+\.\d+$/);
  });

  it("refuses an explicit IP another Service holds, and accepts it once that Service is deleted", () => {
    api.create(REFS.services, service("fixed-a", "10.96.200.7"));
    assert.throws(
      () => api.create(REFS.services, service("fixed-b", "10.96.200.7")),
      (error) =>
        error instanceof ApiError &&
        error.code === 422 &&
        /failed to allocate IP 10\.96\.200\.7: provided IP is already allocated/.test(
          error.message,
        ),
    );
    api.delete(REFS.services, "default", "fixed-a");
    assert.equal(ipOf(api.create(REFS.services, service("fixed-b", "10.96.200.7"))), "10.96.200.7");
  });

  it("never hands out an IP that was requested explicitly", () => {
    api.create(REFS.services, service("explicit", "10.96.201.9"));
    for (let i = 0; i < 50; i++)
      assert.notEqual(ipOf(api.create(REFS.services, service(`after-${i}`))), "10.96.201.9");
  });
});
