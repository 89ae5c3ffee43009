// Writes V8 code caches for the embedded package groups: each group is compiled and evaluated in
// a fresh `node` (the binary the SEA is made from), then its cache is saved beside it, so the
// cache holds the functions the group's start-up compiled.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { codeCacheFileName, embeddedFileName } from "./embedded-groups.js";
import { WRAPPER_PREFIX, WRAPPER_SUFFIX } from "./embedded-loader.js";
import { PackagingError } from "./packaging-error.js";

const run = promisify(execFile);

/** Runs in the child: argv is `dir prefix suffix (file cacheFile)...`. */
const cacheScript = `
const { readFileSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");
const { Script } = require("node:vm");
const [dir, prefix, suffix, ...pairs] = process.argv.slice(1);
for (let i = 0; i < pairs.length; i += 2) {
  const source = readFileSync(join(dir, pairs[i]), "utf8");
  const script = new Script(prefix + source + suffix, { filename: pairs[i] });
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, (id) => process.getBuiltinModule(id), module, process.execPath, ".");
  writeFileSync(join(dir, pairs[i + 1]), script.createCachedData());
}
`;

/**
 * Writes `embedded-<group>.cjs.cache` beside each group's file in `dir`, using `nodeBinary` (the
 * cache is valid only for that exact Node build).
 */
export async function writeCodeCaches(
  nodeBinary: string,
  dir: string,
  groups: readonly string[],
): Promise<void> {
  const pairs = groups.flatMap((g) => [embeddedFileName(g), codeCacheFileName(g)]);
  try {
    await run(nodeBinary, ["-e", cacheScript, dir, WRAPPER_PREFIX, WRAPPER_SUFFIX, ...pairs], {
      env: { PATH: process.env["PATH"] ?? "" },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new PackagingError(`writing the code caches failed: ${detail}`, { cause: error });
  }
}
