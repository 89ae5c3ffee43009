import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  EMPTY_SCHEDULE_MESSAGE,
  expectedIntervalSeconds,
  parseCronSchedule,
} from "./cron-schedule.js";

const start = new Date("2026-03-10T10:07:30.250Z");

function nextRuns(expression: string, from: Date, count: number): string[] {
  const parsed = parseCronSchedule(expression);
  assert.equal(parsed.errors, undefined, `${expression}: ${String(parsed.errors)}`);
  const runs: string[] = [];
  let at = from;
  for (let i = 0; i < count; i++) {
    const next = parsed.schedule.next(at);
    if (next === undefined) break;
    runs.push(next.toISOString());
    at = next;
  }
  return runs;
}

describe("parseCronSchedule: next runs", () => {
  const cases: { expression: string; from?: Date; runs: string[] }[] = [
    {
      expression: "*/15 * * * *",
      runs: ["2026-03-10T10:15:00.000Z", "2026-03-10T10:30:00.000Z", "2026-03-10T10:45:00.000Z"],
    },
    {
      expression: "0 */6 * * *",
      runs: ["2026-03-10T12:00:00.000Z", "2026-03-10T18:00:00.000Z", "2026-03-11T00:00:00.000Z"],
    },
    { expression: "30 2 * * *", runs: ["2026-03-11T02:30:00.000Z", "2026-03-12T02:30:00.000Z"] },
    {
      expression: "0 0 * * MON-FRI",
      runs: ["2026-03-11T00:00:00.000Z", "2026-03-12T00:00:00.000Z"],
    },
    {
      expression: "0 3 1 JAN,JUL *",
      runs: ["2026-07-01T03:00:00.000Z", "2027-01-01T03:00:00.000Z"],
    },
    {
      expression: "0 0 13 * FRI",
      from: new Date("2026-03-01T00:00:00Z"),
      runs: ["2026-03-06T00:00:00.000Z", "2026-03-13T00:00:00.000Z", "2026-03-20T00:00:00.000Z"],
    },
    { expression: "5/20 * * * *", runs: ["2026-03-10T10:25:00.000Z", "2026-03-10T10:45:00.000Z"] },
    { expression: "0 0 ? * 0", runs: ["2026-03-15T00:00:00.000Z"] },
    { expression: "@hourly", runs: ["2026-03-10T11:00:00.000Z", "2026-03-10T12:00:00.000Z"] },
    { expression: "@daily", runs: ["2026-03-11T00:00:00.000Z"] },
    { expression: "@midnight", runs: ["2026-03-11T00:00:00.000Z"] },
    { expression: "@weekly", runs: ["2026-03-15T00:00:00.000Z", "2026-03-22T00:00:00.000Z"] },
    { expression: "@monthly", runs: ["2026-04-01T00:00:00.000Z", "2026-05-01T00:00:00.000Z"] },
    { expression: "@yearly", runs: ["2027-01-01T00:00:00.000Z"] },
    { expression: "@annually", runs: ["2027-01-01T00:00:00.000Z"] },
    {
      expression: "@every 5s",
      runs: ["2026-03-10T10:07:35.000Z", "2026-03-10T10:07:40.000Z", "2026-03-10T10:07:45.000Z"],
    },
    { expression: "@every 6h", runs: ["2026-03-10T16:07:30.000Z", "2026-03-10T22:07:30.000Z"] },
    { expression: "@every 1m30.9s", runs: ["2026-03-10T10:09:00.000Z"] },
    { expression: "@every 100ms", runs: ["2026-03-10T10:07:31.000Z", "2026-03-10T10:07:32.000Z"] },
    { expression: "CRON_TZ=Europe/Berlin 0 2 * * *", runs: ["2026-03-11T01:00:00.000Z"] },
    { expression: "TZ=America/New_York 0 9 * * *", runs: ["2026-03-10T13:00:00.000Z"] },
    { expression: "CRON_TZ=Asia/Tokyo @daily", runs: ["2026-03-10T15:00:00.000Z"] },
    { expression: "  0  1 * * *  ", runs: ["2026-03-11T01:00:00.000Z"] },
    { expression: "0 0 30 2 *", runs: [] },
  ];
  for (const { expression, from, runs } of cases) {
    it(`runs "${expression}" at ${runs.length === 0 ? "no time at all" : runs.join(", ")}`, () => {
      assert.deepEqual(nextRuns(expression, from ?? start, Math.max(runs.length, 1)), runs);
    });
  }

  it("returns the first run strictly after the given time", () => {
    const parsed = parseCronSchedule("*/5 * * * *");
    assert.equal(
      parsed.schedule?.next(new Date("2026-01-01T00:05:00Z"))?.toISOString(),
      "2026-01-01T00:10:00.000Z",
    );
    assert.equal(
      parsed.schedule.next(new Date("2026-01-01T00:04:59.500Z"))?.toISOString(),
      "2026-01-01T00:05:00.000Z",
    );
  });
});

describe("parseCronSchedule: Velero's validation messages", () => {
  const cases: { expression: string; errors: string[] }[] = [
    { expression: "", errors: [EMPTY_SCHEDULE_MESSAGE] },
    {
      expression: "* * * *",
      errors: ["invalid schedule: expected exactly 5 fields, found 4: [* * * *]"],
    },
    {
      expression: "0 0 * * * *",
      errors: ["invalid schedule: expected exactly 5 fields, found 6: [0 0 * * * *]"],
    },
    { expression: "@often", errors: ["invalid schedule: unrecognized descriptor: @often"] },
    {
      expression: "@every soon",
      errors: [
        'invalid schedule: failed to parse duration @every soon: time: invalid duration "soon"',
      ],
    },
    {
      expression: "CRON_TZ=Mars/Olympus 0 2 * * *",
      errors: [
        "invalid schedule: provided bad location Mars/Olympus: unknown time zone Mars/Olympus",
      ],
    },
    {
      expression: "CRON_TZ=Europe/Berlin",
      errors: ['invalid schedule: missing cron expression after "CRON_TZ=Europe/Berlin"'],
    },
  ];
  for (const { expression, errors } of cases) {
    it(`refuses "${expression}" with ${errors.join("; ")}`, () => {
      assert.deepEqual(parseCronSchedule(expression).errors, errors);
    });
  }

  for (const expression of ["61 * * * *", "* 24 * * *", "a b c d e", "0 0 32 * *", "0 0 * 13 *"]) {
    it(`refuses the out-of-range or malformed "${expression}" as an invalid schedule`, () => {
      const errors = parseCronSchedule(expression).errors ?? [];
      assert.equal(errors.length, 1);
      assert.match(errors[0] ?? "", /^invalid schedule: \S/);
    });
  }
});

describe("expectedIntervalSeconds", () => {
  const cases: [string, number][] = [
    ["@every 5s", 5],
    ["@every 6h", 21_600],
    ["0 */6 * * *", 21_600],
    ["@daily", 86_400],
    ["0 0 30 2 *", 0],
  ];
  for (const [expression, seconds] of cases) {
    it(`is ${seconds}s for "${expression}"`, () => {
      const schedule = parseCronSchedule(expression).schedule;
      assert.ok(schedule);
      assert.equal(expectedIntervalSeconds(schedule, start), seconds);
    });
  }
});
