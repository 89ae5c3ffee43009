import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ScheduleBuilder, type Schedule } from "../../lib/api/index.js";
import { parseCronSchedule } from "./cron-schedule.js";
import { checkDue, scheduleBaseTime } from "./schedule-due.js";

interface Case {
  readonly name: string;
  readonly cron: string;
  readonly created: string;
  readonly lastBackup?: string;
  readonly lastSkipped?: string;
  readonly now: string;
  readonly due: boolean;
  readonly nextRun: string | undefined;
}

function schedule(c: Case): Schedule {
  const builder = new ScheduleBuilder("velero", "s").cron(c.cron).creationTimestamp(c.created);
  if (c.lastBackup !== undefined) builder.lastBackup(c.lastBackup);
  if (c.lastSkipped !== undefined) builder.status({ lastSkipped: c.lastSkipped });
  return builder.build();
}

const cases: Case[] = [
  {
    name: "a new schedule is not due at creation: it waits for its first tick",
    cron: "0 * * * *",
    created: "2026-01-01T10:20:00Z",
    now: "2026-01-01T10:20:30Z",
    due: false,
    nextRun: "2026-01-01T11:00:00Z",
  },
  {
    name: "a new schedule is due just after its first tick",
    cron: "0 * * * *",
    created: "2026-01-01T10:20:00Z",
    now: "2026-01-01T11:00:01Z",
    due: true,
    nextRun: "2026-01-01T11:00:00Z",
  },
  {
    name: "exactly at the tick is not yet due (Velero compares strictly after)",
    cron: "0 * * * *",
    created: "2026-01-01T10:20:00Z",
    now: "2026-01-01T11:00:00Z",
    due: false,
    nextRun: "2026-01-01T11:00:00Z",
  },
  {
    name: "@every 5s counts from the last backup",
    cron: "@every 5s",
    created: "2026-01-01T00:00:00Z",
    lastBackup: "2026-01-01T10:00:00Z",
    now: "2026-01-01T10:00:04Z",
    due: false,
    nextRun: "2026-01-01T10:00:05Z",
  },
  {
    name: "@every 5s is due 5 seconds after the last backup",
    cron: "@every 5s",
    created: "2026-01-01T00:00:00Z",
    lastBackup: "2026-01-01T10:00:00Z",
    now: "2026-01-01T10:00:05.010Z",
    due: true,
    nextRun: "2026-01-01T10:00:05Z",
  },
  {
    name: "missed runs are not caught up: one run is due, based on the last backup",
    cron: "0 * * * *",
    created: "2026-01-01T00:00:00Z",
    lastBackup: "2026-01-01T01:00:00Z",
    now: "2026-01-03T07:30:00Z",
    due: true,
    nextRun: "2026-01-01T02:00:00Z",
  },
  {
    name: "a skip later than the last backup moves the base forward",
    cron: "0 * * * *",
    created: "2026-01-01T00:00:00Z",
    lastBackup: "2026-01-01T01:00:00Z",
    lastSkipped: "2026-01-03T07:30:00Z",
    now: "2026-01-03T07:30:00Z",
    due: false,
    nextRun: "2026-01-03T08:00:00Z",
  },
  {
    name: "a skip older than the last backup is ignored",
    cron: "0 * * * *",
    created: "2026-01-01T00:00:00Z",
    lastBackup: "2026-01-01T05:00:00Z",
    lastSkipped: "2026-01-01T03:10:00Z",
    now: "2026-01-01T06:00:01Z",
    due: true,
    nextRun: "2026-01-01T06:00:00Z",
  },
  {
    name: "a schedule unpaused long after its last backup fires once right away",
    cron: "@daily",
    created: "2025-06-01T00:00:00Z",
    lastBackup: "2025-07-01T00:00:00Z",
    now: "2026-01-01T12:00:00Z",
    due: true,
    nextRun: "2025-07-02T00:00:00Z",
  },
  {
    name: "an expression with no future run is never due",
    cron: "0 0 30 2 *",
    created: "2026-01-01T00:00:00Z",
    now: "2030-01-01T00:00:00Z",
    due: false,
    nextRun: undefined,
  },
];

describe("checkDue", () => {
  for (const c of cases) {
    it(c.name, () => {
      const cron = parseCronSchedule(c.cron).schedule;
      assert.ok(cron);
      const result = checkDue(schedule(c), cron, new Date(c.now));
      assert.equal(result.due, c.due);
      assert.equal(result.nextRun?.toISOString(), c.nextRun?.replace("Z", ".000Z"));
    });
  }
});

describe("scheduleBaseTime", () => {
  it("falls back to the epoch for a schedule without a creation time (Go's zero time)", () => {
    const s = new ScheduleBuilder("velero", "s").cron("@daily").build();
    assert.equal(scheduleBaseTime(s).getTime(), 0);
  });
});
