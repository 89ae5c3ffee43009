import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { KubeObject } from "../../lib/kube/index.js";
import { isCompleted } from "./item-restorer.js";
import { isCrdReady } from "./item-writer.js";
import { runBounded } from "./restore-engine.js";

describe("isCompleted", () => {
  const cases: readonly (readonly [string, string, KubeObject, boolean])[] = [
    ["a Succeeded pod", "pods", { status: { phase: "Succeeded" } }, true],
    ["a Failed pod", "pods", { status: { phase: "Failed" } }, true],
    ["a Running pod", "pods", { status: { phase: "Running" } }, false],
    [
      "a Job with a completionTime",
      "jobs.batch",
      { status: { completionTime: "2024-01-01T00:00:00Z" } },
      true,
    ],
    ["a running Job", "jobs.batch", { status: { active: 1 } }, false],
    [
      "a ConfigMap with a phase-like status",
      "configmaps",
      { status: { phase: "Succeeded" } },
      false,
    ],
  ];
  for (const [name, groupResource, item, expected] of cases) {
    it(`is ${String(expected)} for ${name}`, () => {
      assert.equal(isCompleted(item, groupResource), expected);
    });
  }
});

describe("isCrdReady", () => {
  const condition = (type: string, status: string) => ({ type, status });
  const cases: readonly (readonly [string, unknown[], boolean])[] = [
    [
      "Established and NamesAccepted",
      [condition("NamesAccepted", "True"), condition("Established", "True")],
      true,
    ],
    ["only Established", [condition("Established", "True")], false],
    [
      "Established False",
      [condition("NamesAccepted", "True"), condition("Established", "False")],
      false,
    ],
    ["no conditions", [], false],
  ];
  for (const [name, conditions, expected] of cases) {
    it(`is ${String(expected)} with ${name}`, () => {
      assert.equal(isCrdReady({ status: { conditions } }), expected);
    });
  }
});

describe("runBounded", () => {
  it("runs every item with never more than the limit in flight", async () => {
    let inFlight = 0;
    let peak = 0;
    const done: number[] = [];
    await runBounded(
      Array.from({ length: 50 }, (_, i) => i),
      4,
      async (i) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        done.push(i);
        inFlight--;
      },
    );
    assert.equal(peak, 4);
    assert.deepEqual(
      [...done].sort((a, b) => a - b),
      Array.from({ length: 50 }, (_, i) => i),
    );
  });

  it("rejects with the first failure", async () => {
    await assert.rejects(
      runBounded([1, 2, 3], 2, (i) =>
        i === 2 ? Promise.reject(new Error("two")) : Promise.resolve(),
      ),
      /two/,
    );
  });

  it("does nothing for no items", async () => {
    let calls = 0;
    await runBounded([], 8, () => {
      calls++;
      return Promise.resolve();
    });
    assert.equal(calls, 0);
  });
});
