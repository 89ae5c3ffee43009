import { test } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as delay } from "node:timers/promises";
import { silentLogger } from "../../../lib/log.js";
import { WorkQueue } from "./work-queue.js";

test("keys added several times in one tick are processed once", async (t) => {
  const seen: string[] = [];
  const queue = new WorkQueue({ logger: silentLogger, process: (key) => void seen.push(key) });
  t.after(() => queue.stop());
  queue.add("a");
  queue.add("a");
  queue.add("b");
  queue.add("a");
  const deadline = Date.now() + 5_000;
  while (seen.length < 2 && Date.now() < deadline) await delay(10);
  await delay(50);
  assert.deepEqual(seen, ["a", "b"]);
});

test("a key changed while in flight is processed again afterwards, never concurrently", async (t) => {
  let running = 0;
  let maxRunning = 0;
  let runs = 0;
  const queue = new WorkQueue({
    logger: silentLogger,
    concurrency: 4,
    process: async () => {
      running++;
      runs++;
      maxRunning = Math.max(maxRunning, running);
      await delay(20);
      running--;
      return undefined;
    },
  });
  t.after(() => queue.stop());
  queue.add("k");
  await delay(5);
  queue.add("k");
  queue.add("k");
  await delay(80);
  assert.equal(runs, 2);
  assert.equal(maxRunning, 1);
});

test("a failing key is retried with back-off until it succeeds", async (t) => {
  let attempts = 0;
  const queue = new WorkQueue({
    logger: silentLogger,
    retryBaseMs: 5,
    process: () => {
      attempts++;
      if (attempts < 3) throw new Error("not yet");
      return undefined;
    },
  });
  t.after(() => queue.stop());
  queue.add("k");
  await delay(100);
  assert.equal(attempts, 3);
  assert.equal(queue.size, 0);
});

test("a requested requeue runs the key again after the delay", async (t) => {
  const times: number[] = [];
  const queue = new WorkQueue({
    logger: silentLogger,
    process: () => {
      times.push(Date.now());
      return times.length < 2 ? { requeueAfterMs: 30 } : undefined;
    },
  });
  t.after(() => queue.stop());
  queue.add("k");
  await delay(100);
  assert.equal(times.length, 2);
  assert.ok((times[1] ?? 0) - (times[0] ?? 0) >= 25);
});

test("keys added after stop are ignored", async () => {
  const seen: string[] = [];
  const queue = new WorkQueue({ logger: silentLogger, process: (key) => void seen.push(key) });
  await queue.stop();
  queue.add("a");
  queue.addAfter("b", 1);
  await delay(20);
  assert.deepEqual(seen, []);
});
