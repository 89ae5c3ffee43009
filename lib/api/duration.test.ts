import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { InvalidDurationError } from "./errors.js";
import {
  formatDuration,
  formatDurationNanoseconds,
  isDuration,
  parseDuration,
} from "./duration.js";

describe("formatDuration", () => {
  const cases: readonly [number, string][] = [
    [0, "0s"],
    [2_592_000_000, "720h0m0s"],
    [3_600_000, "1h0m0s"],
    [600_000, "10m0s"],
    [90_000, "1m30s"],
    [60_000, "1m0s"],
    [30_000, "30s"],
    [1_500, "1.5s"],
    [1_000, "1s"],
    [100, "100ms"],
    [1.5, "1.5ms"],
    [0.001, "1µs"],
    [0.0011, "1.1µs"],
    [0.000001, "1ns"],
    [-90_000, "-1m30s"],
    [4 * 3_600_000 + 1, "4h0m0.001s"],
    [87_600 * 3_600_000, "87600h0m0s"],
  ];
  for (const [ms, text] of cases) {
    it(`prints ${ms} ms as Go does: ${text}`, () => {
      assert.equal(formatDuration(ms), text);
    });
  }

  it("prints the largest Go duration without losing nanoseconds", () => {
    assert.equal(formatDurationNanoseconds(9_223_372_036_854_775_807n), "2562047h47m16.854775807s");
  });

  it("refuses a non-finite number", () => {
    assert.throws(() => formatDuration(Number.POSITIVE_INFINITY), InvalidDurationError);
  });
});

describe("parseDuration", () => {
  const valid: readonly [string, number][] = [
    ["720h0m0s", 2_592_000_000],
    ["720h", 2_592_000_000],
    ["10m", 600_000],
    ["4h", 14_400_000],
    ["1.5h", 5_400_000],
    [".5s", 500],
    ["1m30s", 90_000],
    ["2m0s", 120_000],
    ["100ms", 100],
    ["1500us", 1.5],
    ["1500µs", 1.5],
    ["1500μs", 1.5],
    ["10ns", 0.00001],
    ["0", 0],
    ["0s", 0],
    ["-5m", -300_000],
    ["+5m", 300_000],
  ];
  for (const [text, ms] of valid) {
    it(`reads ${JSON.stringify(text)} as ${ms} ms`, () => {
      assert.equal(parseDuration(text), ms);
      assert.equal(isDuration(text), true);
    });
  }

  const invalid = ["", "10", "h", "1x", "1.h5", ".s", "-", "1h 30m", "9999999999h", "1e3s"];
  for (const text of invalid) {
    it(`rejects ${JSON.stringify(text)} as Go's ParseDuration does`, () => {
      assert.throws(() => parseDuration(text), InvalidDurationError);
      assert.equal(isDuration(text), false);
    });
  }

  it("round-trips what formatDuration prints", () => {
    for (const ms of [0, 1, 999, 61_000, 3_723_000, 2_592_000_000, 0.25]) {
      assert.equal(parseDuration(formatDuration(ms)), ms);
    }
  });
});
