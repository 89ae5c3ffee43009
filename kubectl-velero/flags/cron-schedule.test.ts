import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cronProblem, requireCronSchedule } from "./cron-schedule.js";

describe("cron schedules", () => {
  const accepted = [
    "0 */6 * * *",
    "30 2 * * 1-5",
    "0 1 * * MON-FRI",
    "@every 6h",
    "@every 1h30m",
    "@daily",
    "@midnight",
    "@yearly",
    "CRON_TZ=Europe/Berlin 0 3 * * *",
    "TZ=America/New_York @daily",
  ];
  for (const expression of accepted) {
    it(`accepts "${expression}"`, () => {
      assert.equal(cronProblem(expression), undefined);
    });
  }

  const refused: [string, RegExp][] = [
    ["", /non-empty/],
    ["* * * *", /expected exactly 5 fields, found 4/],
    ["0 0 * * * *", /expected exactly 5 fields, found 6/],
    ["61 * * * *", /minute/],
    ["0 25 * * *", /hour/],
    ["@every 6 hours", /failed to parse duration @every 6 hours/],
    ["@every 0s", /positive duration/],
    ["@fortnightly", /unrecognized descriptor: @fortnightly/],
    ["CRON_TZ=Mars/Olympus 0 3 * * *", /bad location Mars\/Olympus/],
  ];
  for (const [expression, message] of refused) {
    it(`refuses "${expression}"`, () => {
      assert.match(cronProblem(expression) ?? "", message);
    });
  }

  it("names the expression in the usage error and requires --schedule", () => {
    assert.throws(() => requireCronSchedule("bad cron"), /invalid schedule "bad cron"/);
    assert.throws(() => requireCronSchedule(undefined), /--schedule is required/);
  });
});
