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

  it("caps the agent's old space (and only the agent's) unless NODE_OPTIONS sets a cap", async () => {
    await using root = await makeTempDir("kv-image-", {
      "app/dist/image/entrypoint.js": "console.log(JSON.stringify(process.execArgv));\n",
    });
    const velero = join(root.path, "velero");
    await copyFile(join(import.meta.dirname, "velero.sh"), velero);
    const env = { ...process.env, VELERO_APP_DIR: join(root.path, "app"), NODE_OPTIONS: "" };
    const flags = async (args: string[], extra: Record<string, string> = {}): Promise<string[]> =>
      JSON.parse(
        (await run("sh", [velero, ...args], { env: { ...env, ...extra } })).stdout,
      ) as string[];
    assert.deepEqual(await flags(["server"]), ["--enable-source-maps", "--max-old-space-size=192"]);
    assert.deepEqual(await flags(["server"], { VELERO_AGENT_HEAP_MB: "512" }), [
      "--enable-source-maps",
      "--max-old-space-size=512",
    ]);
    assert.deepEqual(await flags(["server"], { NODE_OPTIONS: "--max-old-space-size=1024" }), [
      "--enable-source-maps",
    ]);
    assert.deepEqual(await flags(["node-agent", "server"]), ["--enable-source-maps"]);
  });
});
