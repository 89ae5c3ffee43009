import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createLogger } from "./log.js";

describe("logger", () => {
  const now = (): Date => new Date("2026-01-02T03:04:05.000Z");

  it("writes JSON lines with child fields and drops lines below the level", () => {
    const lines: string[] = [];
    const log = createLogger({ level: "info", now, sink: (l) => lines.push(l) }).child({
      backup: "b1",
    });
    log.debug("hidden");
    log.info("started", { items: 3 });
    assert.deepEqual(
      lines.map((l) => JSON.parse(l) as unknown),
      [{ time: "2026-01-02T03:04:05.000Z", level: "info", msg: "started", backup: "b1", items: 3 }],
    );
  });

  it("writes logrus-style text, quoting values with spaces", () => {
    const lines: string[] = [];
    const log = createLogger({ format: "text", now, sink: (l) => lines.push(l) });
    log.warn("could not restore", { resource: "pods", error: new Error("already exists") });
    assert.equal(
      lines[0],
      'time=2026-01-02T03:04:05.000Z level=warn msg="could not restore" resource=pods error="already exists"',
    );
  });
});
