import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { makeTempDir } from "../test/helpers/temp-dir.js";
import { runCaptured } from "./testing/run-captured.js";

describe("runCli", () => {
  it("prints the client version and exits 0", async () => {
    const run = await runCaptured(["version", "--client-only"]);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^Client:\n\tVersion: v\d+\.\d+\.\d+\n\tGit commit: /);
  });

  it("exits 2 and names the unknown flag on a usage error", async () => {
    const run = await runCaptured(["version", "--bogus"]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /unknown option '--bogus'/);
    assert.match(run.stderr, /kubectl velero version --help/);
  });

  it("exits 0 after printing help", async () => {
    const run = await runCaptured(["--help"]);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /Usage: kubectl velero/);
  });

  it("stores client config values and reads them back", async () => {
    await using home = await makeTempDir();
    assert.equal(
      (
        await runCaptured(["client", "config", "set", "namespace=backup-ns"], {
          homeDir: home.path,
        })
      ).code,
      0,
    );
    const run = await runCaptured(["client", "config", "get", "namespace", "cacert"], {
      homeDir: home.path,
    });
    assert.equal(run.stdout, "namespace: backup-ns\ncacert: <NOT SET>\n");
    const bad = await runCaptured(["client", "config", "set", "colour=blue"], {
      homeDir: home.path,
    });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /invalid client config pair "colour=blue"/);
  });
});
