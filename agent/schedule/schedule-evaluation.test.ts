import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ScheduleBuilder, type Schedule } from "../../lib/api/index.js";
import { RETENTION_ANNOTATION } from "../retention/index.js";
import { evaluateSchedule } from "./schedule-evaluation.js";

const now = new Date("2026-02-01T08:00:00.600Z");

function build(configure: (b: ScheduleBuilder) => void = () => undefined): Schedule {
  const builder = new ScheduleBuilder("velero", "nightly")
    .cron("0 2 * * *")
    .creationTimestamp("2026-01-01T00:00:00Z");
  configure(builder);
  return builder.build();
}

describe("evaluateSchedule", () => {
  it("enables a valid schedule, recording skipImmediately=false once", () => {
    const result = evaluateSchedule(build(), { now, skipImmediatelyDefault: false });
    assert.equal(result.phase, "Enabled");
    assert.ok(result.cron);
    assert.deepEqual(result.patch, {
      spec: { skipImmediately: false },
      status: { phase: "Enabled" },
    });
    assert.equal(result.schedule.status?.lastSkipped, undefined);
  });

  it("changes nothing on an Enabled schedule that already consumed skipImmediately", () => {
    const schedule = build((b) => b.spec({ skipImmediately: false }).phase("Enabled"));
    const result = evaluateSchedule(schedule, { now, skipImmediatelyDefault: true });
    assert.equal(result.patch, undefined);
    assert.equal(result.phase, "Enabled");
  });

  it("consumes skipImmediately=true: sets it false and stamps lastSkipped with now", () => {
    const schedule = build((b) => b.spec({ skipImmediately: true }).phase("Enabled"));
    const result = evaluateSchedule(schedule, { now, skipImmediatelyDefault: false });
    assert.deepEqual(result.patch, {
      spec: { skipImmediately: false },
      status: { lastSkipped: "2026-02-01T08:00:00Z" },
    });
    assert.equal(result.schedule.spec.skipImmediately, false);
    assert.equal(result.schedule.status?.lastSkipped, "2026-02-01T08:00:00Z");
  });

  it("applies the agent's --schedule-skip-immediately when the spec leaves it unset", () => {
    const result = evaluateSchedule(build(), { now, skipImmediatelyDefault: true });
    assert.equal(result.patch?.status?.lastSkipped, "2026-02-01T08:00:00Z");
    assert.deepEqual(result.patch.spec, { skipImmediately: false });
  });

  it("fails validation of a bad cron expression with Velero's message", () => {
    const result = evaluateSchedule(
      build((b) => b.cron("every night")),
      { now, skipImmediatelyDefault: false },
    );
    assert.equal(result.phase, "FailedValidation");
    assert.equal(result.cron, undefined);
    assert.deepEqual(result.patch?.status, {
      phase: "FailedValidation",
      validationErrors: ["invalid schedule: expected exactly 5 fields, found 2: [every night]"],
    });
  });

  it("fails validation of an empty expression", () => {
    const result = evaluateSchedule(
      build((b) => b.cron("")),
      { now, skipImmediatelyDefault: false },
    );
    assert.deepEqual(result.schedule.status?.validationErrors, [
      "Schedule must be a non-empty valid Cron expression",
    ]);
  });

  it("clears the validation errors once the expression is fixed", () => {
    const schedule = build((b) =>
      b
        .spec({ skipImmediately: false })
        .status({ phase: "FailedValidation", validationErrors: ["invalid schedule: x"] }),
    );
    const result = evaluateSchedule(schedule, { now, skipImmediatelyDefault: false });
    assert.deepEqual(result.patch, { status: { phase: "Enabled", validationErrors: null } });
    assert.equal(result.schedule.status?.validationErrors, undefined);
  });

  it("reads a valid retention policy from the annotation", () => {
    const schedule = build((b) => b.annotations({ [RETENTION_ANNOTATION]: "keepLast=3" }));
    const result = evaluateSchedule(schedule, { now, skipImmediatelyDefault: false });
    assert.equal(result.phase, "Enabled");
    assert.equal(result.retention?.keepLast, 3);
  });

  it("fails validation of a schedule whose retention annotation is invalid", () => {
    const schedule = build((b) => b.annotations({ [RETENTION_ANNOTATION]: "keepDaly=7" }));
    const result = evaluateSchedule(schedule, { now, skipImmediatelyDefault: false });
    assert.equal(result.phase, "FailedValidation");
    assert.equal(result.retention, undefined);
    assert.match(result.schedule.status?.validationErrors?.[0] ?? "", /unknown key "keepDaly"/);
  });
});
