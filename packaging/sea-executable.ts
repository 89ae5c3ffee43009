// Node's single-executable-application steps: the preparation blob from the bundle, then a copy
// of a `node` binary with the blob injected (postject), stripped of debug symbols when possible.
import { execFile } from "node:child_process";
import { chmod, copyFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Platform } from "./platforms.js";
import { PackagingError } from "./packaging-error.js";

const run = promisify(execFile);

/** The sentinel Node's binary carries so postject can flip it when a blob is injected. */
export const SEA_FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

/** Options of {@link writeSeaBlob}. */
export interface SeaBlobOptions {
  readonly bundle: string;
  readonly blob: string;
  readonly workDir: string;
  /**
   * V8 code cache in the blob (faster start-up). Only valid for a binary of the build host's
   * platform and the exact Node version that writes the blob.
   */
  readonly useCodeCache: boolean;
  /** Files embedded beside the main script, by key (`require("node:sea").getAsset(key)`). */
  readonly assets?: Readonly<Record<string, string>>;
}

/** Writes the SEA preparation blob with the running `node`. */
export async function writeSeaBlob(options: SeaBlobOptions): Promise<void> {
  const config = join(
    options.workDir,
    `sea-config-${options.useCodeCache ? "cache" : "plain"}.json`,
  );
  await writeFile(
    config,
    JSON.stringify({
      main: options.bundle,
      output: options.blob,
      disableExperimentalSEAWarning: true,
      useCodeCache: options.useCodeCache,
      assets: options.assets ?? {},
    }),
  );
  await runTool(
    process.execPath,
    ["--experimental-sea-config", config],
    "node --experimental-sea-config",
  );
}

/** Options of {@link injectSeaBlob}. */
export interface InjectOptions {
  readonly nodeBinary: string;
  readonly blob: string;
  readonly output: string;
  readonly platform: Platform;
  /** Run `strip` on the copy first (same-architecture Linux binaries only). */
  readonly strip: boolean;
}

/** Copies `nodeBinary` to `output` and injects the blob; the result is executable. */
export async function injectSeaBlob(options: InjectOptions): Promise<void> {
  await copyFile(options.nodeBinary, options.output);
  await chmod(options.output, 0o755);
  if (options.strip) await runTool("strip", ["--strip-all", options.output], "strip");
  const postject = createRequire(import.meta.url).resolve("postject/dist/cli.js");
  const args = [
    postject,
    options.output,
    "NODE_SEA_BLOB",
    options.blob,
    "--sentinel-fuse",
    SEA_FUSE,
  ];
  if (options.platform.os === "darwin") args.push("--macho-segment-name", "NODE_SEA");
  await runTool(process.execPath, args, "postject");
}

/** True when a `strip` that can handle this host's binaries is on PATH. */
export async function hasStrip(): Promise<boolean> {
  try {
    await run("strip", ["--version"]);
    return true;
  } catch {
    return false;
  }
}

async function runTool(file: string, args: readonly string[], name: string): Promise<void> {
  try {
    await run(file, args, { maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new PackagingError(`${name} failed: ${detail}`, { cause: error });
  }
}
