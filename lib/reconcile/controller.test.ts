import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Controller } from "./controller.js";
import type { Reconciler } from "./reconciler.js";
import { WorkQueue } from "./work-queue.js";

describe("Controller", () => {
  it("never reconciles one key twice at the same time, even with several workers", async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    let calls = 0;
    const reconciler: Reconciler = {
      async reconcile() {
        calls += 1;
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight -= 1;
        return undefined;
      },
    };
    const controller = new Controller({ name: "t", reconciler, workers: 4 });
    const stop = new AbortController();
    const running = controller.run(stop.signal);
    for (let i = 0; i < 20; i++) {
      controller.enqueue("same");
      await new Promise((r) => setTimeout(r, 1));
    }
    await new Promise((r) => setTimeout(r, 50));
    stop.abort();
    await running;
    assert.equal(maxInFlight, 1);
    assert.ok(calls >= 2, "changes during a reconcile cause another reconcile");
  });

  it("retries a failing key with backoff until it succeeds", async () => {
    let attempts = 0;
    const reconciler: Reconciler = {
      reconcile() {
        attempts += 1;
        if (attempts < 3) return Promise.reject(new Error("transient"));
        return Promise.resolve(undefined);
      },
    };
    const queue = new WorkQueue({ baseDelayMs: 1 });
    const controller = new Controller({ name: "t", reconciler, queue });
    const stop = new AbortController();
    const running = controller.run(stop.signal);
    controller.enqueue("k");
    await new Promise((r) => setTimeout(r, 100));
    stop.abort();
    await running;
    assert.equal(attempts, 3);
    assert.equal(queue.failureCount("k"), 0, "success forgets the failures");
  });

  it("requeues after the delay a reconcile asks for", async () => {
    let calls = 0;
    const reconciler: Reconciler = {
      reconcile() {
        calls += 1;
        return Promise.resolve({ requeueAfterMs: 10 });
      },
    };
    const controller = new Controller({ name: "t", reconciler });
    const stop = new AbortController();
    const running = controller.run(stop.signal);
    controller.enqueue("k");
    await new Promise((r) => setTimeout(r, 65));
    stop.abort();
    await running;
    assert.ok(calls >= 3 && calls <= 8, `expected periodic reconciles, got ${calls}`);
  });
});
