import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { DataMoveStatus } from "../../lib/api/index.js";
import { FakeClock } from "../../lib/clock.js";
import { silentLogger } from "../../lib/log.js";
import { OperationStop } from "../running-operations.js";
import { OperationRunner, type OperationHooks } from "./operation-run.js";

function counter() {
  const counts = { n: 0 };
  return {
    counts,
    inc: () => {
      counts.n++;
    },
  };
}

function setup() {
  const patches: DataMoveStatus[] = [];
  const counters = { success: counter(), failure: counter(), cancel: counter() };
  const runner = new OperationRunner({
    kind: "DataUpload",
    nodeName: "node-1",
    patchStatus: (_name, status) => {
      patches.push(status);
      return Promise.resolve();
    },
    clock: new FakeClock("2026-03-01T10:00:00Z"),
    logger: silentLogger,
    counters,
    texts: {
      started: "moving",
      failed: "data path failed",
      stoppedDuring: "the move",
      stoppedConsequence: ": nothing was kept",
    },
  });
  return { patches, counters, runner };
}

function run(
  runner: OperationRunner,
  signal: AbortSignal,
  transfer: (hooks: OperationHooks) => Promise<number>,
) {
  return runner.run({
    name: "op",
    signal,
    startTimestamp: "2026-03-01T09:00:00Z",
    startedStatus: () => ({ message: "started" }),
    transfer,
    completedStatus: (bytes) => ({ progress: { totalBytes: bytes, bytesDone: bytes } }),
    onCompleted: () => undefined,
  });
}

describe("OperationRunner", () => {
  it("writes InProgress with the started fields, the progress, then Completed and counts it", async () => {
    const { patches, counters, runner } = setup();
    await run(runner, new AbortController().signal, async (hooks) => {
      await hooks.onStarted("/volume");
      hooks.onProgress({ totalBytes: 8, bytesDone: 4 } as never);
      return 8;
    });
    assert.deepEqual(patches, [
      { phase: "InProgress", startTimestamp: "2026-03-01T10:00:00Z", message: "started" },
      { progress: { totalBytes: 8, bytesDone: 4 } },
      {
        progress: { totalBytes: 8, bytesDone: 8 },
        phase: "Completed",
        completionTimestamp: "2026-03-01T10:00:00Z",
      },
    ]);
    assert.equal(counters.success.counts.n, 1);
  });

  it("fails with the data path's error and counts the failure", async () => {
    const { patches, counters, runner } = setup();
    await run(runner, new AbortController().signal, () => Promise.reject(new Error("disk gone")));
    assert.deepEqual(patches.at(-1), {
      phase: "Failed",
      message: "data path failed: disk gone",
      completionTimestamp: "2026-03-01T10:00:00Z",
    });
    assert.equal(counters.failure.counts.n, 1);
  });

  it("ends Canceled, keeping the start time, when its signal is canceled", async () => {
    const { patches, counters, runner } = setup();
    const controller = new AbortController();
    controller.abort(new OperationStop("cancel", "canceled by the user"));
    await run(runner, controller.signal, () => Promise.reject(new Error("aborted")));
    assert.deepEqual(patches.at(-1), {
      phase: "Canceled",
      message: "canceled by the user",
      startTimestamp: "2026-03-01T09:00:00Z",
      completionTimestamp: "2026-03-01T10:00:00Z",
    });
    assert.equal(counters.cancel.counts.n, 1);
    assert.equal(counters.failure.counts.n, 0);
  });

  it("says the node-agent stopped, and what that means, when it shuts down mid-run", async () => {
    const { patches, runner } = setup();
    const controller = new AbortController();
    controller.abort(new OperationStop("shutdown", "SIGTERM"));
    await run(runner, controller.signal, () => Promise.reject(new Error("aborted")));
    assert.equal(
      patches.at(-1)?.message,
      "the node-agent on node node-1 stopped during the move (SIGTERM): nothing was kept",
    );
  });
});
