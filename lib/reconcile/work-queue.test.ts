import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FakeClock } from "../clock.js";
import { WorkQueue } from "./work-queue.js";

describe("WorkQueue", () => {
  it("queues a key once however often it is added", async () => {
    const queue = new WorkQueue();
    queue.add("a");
    queue.add("b");
    queue.add("a");
    assert.equal(queue.length, 2);
    assert.equal(await queue.get(), "a");
    assert.equal(await queue.get(), "b");
  });

  it("re-queues a key added while it is processed only after done, so it is never processed twice at once", async () => {
    const queue = new WorkQueue();
    queue.add("a");
    const key = await queue.get();
    queue.add("a");
    assert.equal(queue.length, 0, "not handed out while in flight");
    queue.done(key!);
    assert.equal(queue.length, 1);
    assert.equal(await queue.get(), "a");
  });

  it("hands a key straight to a waiting worker", async () => {
    const queue = new WorkQueue();
    const pending = queue.get();
    queue.add("x");
    assert.equal(await pending, "x");
  });

  it("delays rate-limited keys exponentially and resets after forget", async () => {
    const clock = new FakeClock();
    const queue = new WorkQueue({ clock, baseDelayMs: 100 });
    queue.addRateLimited("k");
    clock.advance(99);
    await Promise.resolve();
    assert.equal(queue.length, 0);
    clock.advance(1);
    await new Promise((r) => setImmediate(r));
    assert.equal(queue.length, 1);
    queue.done((await queue.get())!);
    queue.addRateLimited("k");
    clock.advance(150);
    await new Promise((r) => setImmediate(r));
    assert.equal(queue.length, 0, "second failure waits 200 ms");
    clock.advance(50);
    await new Promise((r) => setImmediate(r));
    assert.equal(queue.length, 1);
    queue.forget("k");
    assert.equal(queue.failureCount("k"), 0);
  });

  it("keeps the earliest of two schedules for the same key", async () => {
    const clock = new FakeClock();
    const queue = new WorkQueue({ clock });
    queue.addAfter("k", 1000);
    queue.addAfter("k", 100);
    queue.addAfter("k", 5000);
    clock.advance(100);
    await new Promise((r) => setImmediate(r));
    assert.equal(queue.length, 1);
  });

  it("resolves waiting workers with undefined on shutdown and ignores later adds", async () => {
    const queue = new WorkQueue();
    const pending = queue.get();
    queue.shutDown();
    assert.equal(await pending, undefined);
    queue.add("a");
    assert.equal(await queue.get(), undefined);
  });
});
