import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FakeClock } from "../../lib/clock.js";
import { resourceTypeFor } from "./resource-types.js";
import { driveClock } from "./testing/drive-clock.js";
import { MemoryObjectApi } from "./testing/memory-object-api.js";
import { waitForDaemonSetReady, waitForDeploymentAvailable } from "./wait-ready.js";

const deployments = resourceTypeFor("apps/v1", "Deployment");
const daemonSets = resourceTypeFor("apps/v1", "DaemonSet");
const ref = { namespace: "velero", name: "velero" };

async function withDeployment(status: unknown): Promise<MemoryObjectApi> {
  const api = new MemoryObjectApi();
  await api.create(deployments, {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { ...ref },
  });
  api.setStatus({ type: deployments, ...ref }, status);
  return api;
}

const available = { observedGeneration: 1, conditions: [{ type: "Available", status: "True" }] };

describe("waiting for the workloads", () => {
  it("returns once the Deployment has stayed Available for the stable period", async () => {
    const clock = new FakeClock();
    const api = await withDeployment(available);
    const start = clock.now().getTime();
    await driveClock(waitForDeploymentAvailable(api, ref, { clock, stableMs: 5_000 }), clock);
    const waited = clock.now().getTime() - start;
    assert.ok(waited >= 5_000 && waited < 6_000, `waited ${waited} ms`);
  });

  it("starts the stable period over when the Deployment stops being Available", async () => {
    const clock = new FakeClock();
    const api = await withDeployment(available);
    const flapping = Object.create(api) as MemoryObjectApi;
    let probes = 0;
    flapping.get = async (r) => {
      probes += 1;
      const object = await api.get(r);
      if (probes === 3 && object !== undefined) {
        object["status"] = { ...available, conditions: [{ type: "Available", status: "False" }] };
      }
      return object;
    };
    const start = clock.now().getTime();
    await driveClock(
      waitForDeploymentAvailable(flapping, ref, { clock, stableMs: 5_000, pollMs: 1_000 }),
      clock,
    );
    assert.equal(clock.now().getTime() - start, 8_000, "ready from the 4th probe (3 s) plus 5 s");
  });

  it("times out naming the Deployment and its last state", async () => {
    const clock = new FakeClock();
    const api = await withDeployment({
      observedGeneration: 1,
      conditions: [{ type: "Available", status: "False" }],
    });
    await assert.rejects(
      driveClock(waitForDeploymentAvailable(api, ref, { clock, timeoutMs: 10_000 }), clock),
      /timed out after 10s waiting for Deployment velero\/velero: Available=False/,
    );
  });

  it("does not count a Deployment whose new generation was not observed yet", async () => {
    const clock = new FakeClock();
    const api = await withDeployment({ ...available, observedGeneration: 0 });
    await assert.rejects(
      driveClock(waitForDeploymentAvailable(api, ref, { clock, timeoutMs: 3_000 }), clock),
      /rollout not observed yet/,
    );
  });

  it("waits for the DaemonSet's pods on every node and reports how many are available", async () => {
    const clock = new FakeClock();
    const api = new MemoryObjectApi();
    const dsRef = { namespace: "velero", name: "node-agent" };
    await api.create(daemonSets, {
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      metadata: { ...dsRef },
    });
    api.setStatus(
      { type: daemonSets, ...dsRef },
      { observedGeneration: 1, desiredNumberScheduled: 2, numberAvailable: 1 },
    );
    await assert.rejects(
      driveClock(waitForDaemonSetReady(api, dsRef, { clock, timeoutMs: 5_000 }), clock),
      /1 of 2 node-agent pods available/,
    );
    api.setStatus(
      { type: daemonSets, ...dsRef },
      { observedGeneration: 1, desiredNumberScheduled: 2, numberAvailable: 2 },
    );
    await driveClock(waitForDaemonSetReady(api, dsRef, { clock, timeoutMs: 10_000 }), clock);
  });
});
