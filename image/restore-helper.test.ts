import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { makeTempDir } from "../test/helpers/temp-dir.js";
import { allRestoresDone, waitForRestores, type RestoreHelperOptions } from "./restore-helper.js";

function options(root: string, lines: string[]): RestoreHelperOptions {
  return {
    root,
    restoreUid: "uid-1",
    out: (line) => lines.push(line),
    err: (line) => lines.push(`ERR ${line}`),
    intervalMs: 10,
  };
}

async function mark(root: string, volume: string, uid = "uid-1"): Promise<void> {
  await mkdir(join(root, volume, ".velero"), { recursive: true });
  await writeFile(join(root, volume, ".velero", uid), "");
}

describe("restore-helper", () => {
  it("is not done while one volume lacks its done file, and says which", async () => {
    await using dir = await makeTempDir("kv-restore-helper-");
    await mark(dir.path, "data");
    await mkdir(join(dir.path, "cache"));
    const lines: string[] = [];
    assert.equal(await allRestoresDone(options(dir.path, lines)), false);
    assert.ok(lines.some((l) => /cache\/\.velero\/uid-1 is not found yet\. Retry later\./.test(l)));
  });

  it("ignores the done file of another restore", async () => {
    await using dir = await makeTempDir("kv-restore-helper-");
    await mark(dir.path, "data", "other-restore");
    assert.equal(await allRestoresDone(options(dir.path, [])), false);
  });

  it("skips plain files under the restores directory", async () => {
    await using dir = await makeTempDir("kv-restore-helper-", { "note.txt": "x" });
    await mark(dir.path, "data");
    const lines: string[] = [];
    assert.equal(await allRestoresDone(options(dir.path, lines)), true);
    assert.ok(lines.includes("note.txt is not a directory, skipping."));
  });

  it("reports a missing restores directory as not done", async () => {
    const lines: string[] = [];
    assert.equal(await allRestoresDone(options("/nonexistent/restores", lines)), false);
    assert.match(lines[0] ?? "", /^ERR ERROR reading \/nonexistent\/restores directory/);
  });

  it("waits until every marker appears, then removes the .velero directories", async () => {
    await using dir = await makeTempDir("kv-restore-helper-", { "data/file": "payload" });
    await mkdir(join(dir.path, "cache"));
    const lines: string[] = [];
    let finished = false;
    const waiting = waitForRestores(options(dir.path, lines)).then(() => (finished = true));
    await mark(dir.path, "data");
    await sleep(60);
    assert.equal(finished, false, "one volume is still missing its marker");
    await mark(dir.path, "cache");
    await waiting;
    assert.ok(lines.includes("All PodVolumeRestores are done"));
    assert.equal(existsSync(join(dir.path, "data", ".velero")), false);
    assert.equal(existsSync(join(dir.path, "cache", ".velero")), false);
    assert.equal(existsSync(join(dir.path, "data", "file")), true, "restored data stays");
  });

  it("exits 1 through the image entry point without exactly one argument", async () => {
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        ["--import", "tsx", "image/entrypoint.ts", "/velero-restore-helper"],
        { cwd: new URL("..", import.meta.url).pathname },
      );
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      child.once("exit", (code) => {
        resolve({ code, stderr });
      });
    });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /exactly one argument must be provided, the restore's UID/);
  });
});
