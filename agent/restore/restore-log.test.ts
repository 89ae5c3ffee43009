import assert from "node:assert/strict";
import { gunzipSync } from "node:zlib";
import { describe, it } from "node:test";
import { FakeClock } from "../../lib/clock.js";
import { createLogger } from "../../lib/log.js";
import { formatLogLine, RestoreLog } from "./restore-log.js";

describe("RestoreLog", () => {
  it("writes logrus-style lines with sorted, quoted fields and gzips them", async () => {
    const mirrored: string[] = [];
    const mirror = createLogger({ sink: (line) => mirrored.push(line) });
    const log = new RestoreLog({
      clock: new FakeClock("2026-03-04T05:06:07Z"),
      fields: { restore: "velero/r1" },
      mirror,
    });
    log.logger.child({ resource: "pods" }).info("Restored item", { name: "p 1" });
    log.logger.debug("hidden");
    log.logger.warn("careful");
    const text = gunzipSync(await log.finish()).toString();
    assert.equal(
      text,
      'time="2026-03-04T05:06:07Z" level=info msg="Restored item" name="p 1" resource=pods restore=velero/r1\n' +
        'time="2026-03-04T05:06:07Z" level=warning msg=careful restore=velero/r1\n',
    );
    assert.equal(mirrored.length, 1);
  });

  it("formats objects as JSON and errors by message", () => {
    const line = formatLogLine(new Date("2026-01-01T00:00:00.123Z"), "error", "x", {
      error: new Error("boom"),
      n: 3,
    });
    assert.equal(line, 'time="2026-01-01T00:00:00Z" level=error msg=x error=boom n=3');
  });
});
