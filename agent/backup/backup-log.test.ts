import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { gunzipSync } from "node:zlib";
import { FakeClock } from "../../lib/clock.js";
import { createLogger } from "../../lib/log.js";
import { BackupLog, formatLogrusLine, resultText } from "./backup-log.js";

describe("backup log", () => {
  test("writes logrus text lines, gzipped, with the backup's fields and sorted keys", async () => {
    const log = new BackupLog({
      clock: new FakeClock("2026-03-04T05:06:07Z"),
      fields: { backup: "velero/b1" },
    });
    log.logger.info("Backing up item", { resource: "pods", namespace: "app", name: "web-1" });
    log.logger.child({ resource: "configmaps" }).debug("dropped below info");
    const text = gunzipSync(await log.finish()).toString();
    assert.equal(
      text,
      'time="2026-03-04T05:06:07Z" level=info msg="Backing up item" backup=velero/b1 name=web-1 namespace=app resource=pods\n',
    );
  });

  test("stamps each line with its own second and level, however many lines share a message", async () => {
    const clock = new FakeClock("2026-03-04T05:06:07.900Z");
    const log = new BackupLog({ clock, level: "debug" });
    log.logger.info("Backing up item", { name: "a" });
    clock.advance(50);
    log.logger.debug("Backing up item", { name: "b" });
    clock.advance(100);
    log.logger.info("Backing up item", { name: "c" });
    for (let i = 0; i < 1100; i++) log.logger.debug(`message ${String(i)}`);
    log.logger.info("Backing up item", { name: "d" });
    const lines = gunzipSync(await log.finish())
      .toString()
      .split("\n");
    assert.deepEqual(lines.slice(0, 3), [
      'time="2026-03-04T05:06:07Z" level=info msg="Backing up item" name=a',
      'time="2026-03-04T05:06:07Z" level=debug msg="Backing up item" name=b',
      'time="2026-03-04T05:06:08Z" level=info msg="Backing up item" name=c',
    ]);
    assert.equal(lines[1002], 'time="2026-03-04T05:06:08Z" level=debug msg="message 999"');
    assert.equal(
      lines[1103],
      'time="2026-03-04T05:06:08Z" level=info msg="Backing up item" name=d',
    );
    assert.equal(lines.length, 1105);
  });

  test("counts warnings and errors and files their result messages as Velero does", async () => {
    const mirrored: string[] = [];
    const log = new BackupLog({
      clock: new FakeClock(),
      mirror: createLogger({ sink: (line) => mirrored.push(line) }),
    });
    log.logger.error("Error backing up item", {
      resource: "pods",
      name: "p",
      namespace: "app",
      error: "boom",
    });
    log.logger.error("Error listing items", { resource: "nodes", namespace: "" });
    log.logger.warn("fail to get something");
    log.logger.info("fine");
    assert.equal(log.errors, 2);
    assert.equal(log.warnings, 1);
    assert.deepEqual(log.results(), {
      errors: {
        cluster: [" resource: /nodes message: /Error listing items"],
        namespaces: {
          app: [" resource: /pods name: /p message: /Error backing up item error: /boom"],
        },
      },
      warnings: { velero: [" message: /fail to get something"] },
    });
    assert.equal(mirrored.length, 3);
    await log.finish();
  });

  test("quotes values the way logrus does", () => {
    const line = formatLogrusLine(new Date("2026-01-01T00:00:00.123Z"), "warn", "plain", {
      empty: "",
      spaced: "a b",
      path: "a/b.c-d_e@f",
      count: 3,
      error: new Error("bad thing"),
    });
    assert.equal(
      line,
      'time="2026-01-01T00:00:00Z" level=warning msg=plain count=3 empty="" error="bad thing" path=a/b.c-d_e@f spaced="a b"',
    );
  });

  test("result text has only the fields present", () => {
    assert.equal(resultText("m", {}), " message: /m");
    assert.equal(resultText("m", { name: "n", error: "e" }), " name: /n message: /m error: /e");
  });

  test("lines after finish are dropped but still counted", async () => {
    const log = new BackupLog({ clock: new FakeClock() });
    const bytes = await log.finish();
    log.logger.error("late");
    assert.equal(log.errors, 1);
    assert.equal(gunzipSync(bytes).toString(), "");
    assert.equal(await log.finish(), bytes);
  });
});
