import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { InvalidTimeError } from "./errors.js";
import { formatTime, isTime, parseTime } from "./time.js";

describe("metav1.Time", () => {
  it("formats in UTC with whole seconds and a Z suffix", () => {
    assert.equal(formatTime(new Date(0)), "1970-01-01T00:00:00Z");
    assert.equal(formatTime(new Date("2024-01-02T03:04:05.999Z")), "2024-01-02T03:04:05Z");
    assert.equal(formatTime(new Date("2024-01-02T05:04:05+02:00")), "2024-01-02T03:04:05Z");
  });

  it("refuses an invalid date", () => {
    assert.throws(() => formatTime(new Date("nope")), InvalidTimeError);
  });

  const valid = [
    "2024-01-02T03:04:05Z",
    "2024-01-02T03:04:05.123456789Z",
    "2024-01-02T03:04:05+02:00",
    "2024-02-29t23:59:59z",
  ];
  for (const text of valid) {
    it(`accepts ${text}`, () => {
      assert.equal(isTime(text), true);
      assert.equal(parseTime(text).getUTCFullYear(), 2024);
    });
  }

  const invalid = [
    "2024-01-02",
    "2024-01-02 03:04:05Z",
    "2024-13-02T03:04:05Z",
    "2024-01-02T24:00:00Z",
    "2024-01-02T03:04:05",
    "yesterday",
  ];
  for (const text of invalid) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      assert.equal(isTime(text), false);
      assert.throws(() => parseTime(text), InvalidTimeError);
    });
  }
});
