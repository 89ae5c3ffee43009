import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { startHealthServer } from "../lib/health/index.js";
import { createAgentMetrics } from "./metrics.js";

describe("agent metrics endpoint", () => {
  it("serves Velero's metric names on /metrics and readiness on /readyz", async () => {
    const metrics = createAgentMetrics();
    metrics.backupAttempt.inc({ schedule: "" });
    metrics.backupSuccess.inc({ schedule: "nightly" });
    let ready = false;
    const server = await startHealthServer({
      host: "127.0.0.1",
      port: 0,
      registry: metrics.registry,
      isReady: () => ready,
    });
    try {
      const base = `http://127.0.0.1:${server.port}`;
      const text = await (await fetch(`${base}/metrics`)).text();
      assert.match(text, /^velero_backup_attempt_total\{schedule=""\} 1$/m);
      assert.match(text, /^velero_backup_success_total\{schedule="nightly"\} 1$/m);
      assert.match(text, /# TYPE velero_backup_duration_seconds histogram/);
      assert.equal((await fetch(`${base}/readyz`)).status, 503);
      ready = true;
      assert.equal((await fetch(`${base}/readyz`)).status, 200);
      assert.equal((await fetch(`${base}/healthz`)).status, 200);
    } finally {
      await server.close();
    }
  });
});
