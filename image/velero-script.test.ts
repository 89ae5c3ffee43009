import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { copyFile, symlink } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { promisify } from "node:util";
import { makeTempDir } from "../test/helpers/temp-dir.js";

const run = promisify(execFile);
const echoEntrypoint = "console.log(JSON.stringify(process.argv.slice(2)));\n";

describe("the image's /velero script", () => {
  it("runs the entry point with the name it was called by, then the arguments", async () => {
    await using root = await makeTempDir("kv-image-", {
      "app/dist/image/entrypoint.js": echoEntrypoint,
    });
    const velero = join(root.path, "velero");
    const helper = join(root.path, "velero-restore-helper");
    await copyFile(join(import.meta.dirname, "velero.sh"), velero);
    await symlink(velero, helper);
    const env = { ...process.env, VELERO_APP_DIR: join(root.path, "app") };
    const server = await run("sh", [velero, "node-agent", "server", "--features=A B"], { env });
    assert.deepEqual(JSON.parse(server.stdout), [velero, "node-agent", "server", "--features=A B"]);
    const restore = await run("sh", [helper], { env });
    assert.deepEqual(JSON.parse(restore.stdout), [helper]);
  });
});
