// Tests of progress counting and throttled publishing (status.progress at most once per
// interval, only when it changed, retried after a failure).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FakeClock } from "../../lib/clock.js";
import { ProgressCounter, ProgressReporter } from "./progress-reporter.js";

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function tick(clock: FakeClock, ms: number): Promise<void> {
  await settle();
  clock.advance(ms);
  await settle();
  await settle();
}

describe("ProgressCounter", () => {
  it("estimates the total from items done, the page in hand and what the list has left", () => {
    const counter = new ProgressCounter();
    counter.itemsBackedUp = 10;
    counter.pendingInPage = 5;
    counter.remainingInList = 100;
    assert.deepEqual(counter.snapshot(), { totalItems: 115, itemsBackedUp: 10 });
  });
});

describe("ProgressReporter", () => {
  it("publishes at most once per interval, and only when the counters changed", async () => {
    const clock = new FakeClock();
    const counter = new ProgressCounter();
    const published: { totalItems: number; itemsBackedUp: number }[] = [];
    const reporter = new ProgressReporter({
      counter,
      clock,
      intervalMs: 1000,
      publish: (progress) => {
        published.push(progress);
        return Promise.resolve();
      },
    });
    reporter.start();
    counter.itemsBackedUp = 3;
    await tick(clock, 999);
    assert.deepEqual(published, [], "nothing before the first interval");
    counter.itemsBackedUp = 7;
    await tick(clock, 1);
    assert.deepEqual(published, [{ totalItems: 7, itemsBackedUp: 7 }]);
    await tick(clock, 1000);
    assert.equal(published.length, 1, "unchanged counters are not published again");
    counter.itemsBackedUp = 9;
    counter.remainingInList = 1;
    await tick(clock, 1000);
    assert.deepEqual(published[published.length - 1], { totalItems: 10, itemsBackedUp: 9 });
    await reporter.stop();
    counter.itemsBackedUp = 10;
    await tick(clock, 5000);
    assert.equal(published.length, 2, "nothing after stop");
  });

  it("logs a failed publish and retries it at the next interval", async () => {
    const clock = new FakeClock();
    const counter = new ProgressCounter();
    const warnings: string[] = [];
    let calls = 0;
    const reporter = new ProgressReporter({
      counter,
      clock,
      intervalMs: 1000,
      publish: () => {
        calls++;
        return calls === 1 ? Promise.reject(new Error("conflict")) : Promise.resolve();
      },
      log: {
        debug: () => undefined,
        info: () => undefined,
        warn: (message) => warnings.push(message),
        error: () => undefined,
        child() {
          return this;
        },
      },
    });
    reporter.start();
    counter.itemsBackedUp = 1;
    await tick(clock, 1000);
    assert.deepEqual(warnings, ["Got error trying to update backup's status.progress"]);
    await tick(clock, 1000);
    assert.equal(calls, 2);
    await reporter.stop();
  });
});
