// Loads a group of npm packages that the single binary carries outside its main script: from the
// SEA's assets, or from the files beside the bundle when run as `node kubectl-velero.cjs`,
// compiled with the group's V8 code cache when the build made one.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { getAsset, isSea } from "node:sea";
import { Script } from "node:vm";
import { codeCacheFileName, embeddedFileName } from "./embedded-groups.js";

/** The function wrapper around a group's CommonJS source (the cache is made for exactly this). */
export const WRAPPER_PREFIX = "(function (exports, require, module, __filename, __dirname) {";
export const WRAPPER_SUFFIX = "\n})";

/** Set to print one line per loaded group on stderr (name, code cache accepted, milliseconds). */
export const TRACE_ENV = "KUBECTL_VELERO_TRACE_EMBEDDED";

type GroupExports = Readonly<Record<string, unknown>>;
/** Called as `(exports, require, module, __filename, __dirname)`. */
type ModuleFunction = (...args: unknown[]) => void;

const loaded = new Map<string, GroupExports>();

/** A group's source and code cache: SEA assets, else files in `dir`. */
function readGroup(name: string, dir: string): { source: string; cache: Buffer | undefined } {
  const file = embeddedFileName(name);
  const cacheFile = codeCacheFileName(name);
  if (isSea()) {
    return {
      source: getAsset(file, "utf8"),
      cache: optional(() => Buffer.from(getAsset(cacheFile))),
    };
  }
  return {
    source: readFileSync(join(dir, file), "utf8"),
    cache: optional(() => readFileSync(join(dir, cacheFile))),
  };
}

function optional<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/** Built-in modules only: the build refuses a group that would require anything else. */
function requireBuiltin(id: string): unknown {
  const builtin = process.getBuiltinModule(id);
  if (builtin === undefined) {
    throw Object.assign(new Error(`Cannot find module '${id}' (not part of the single binary)`), {
      code: "MODULE_NOT_FOUND",
    });
  }
  return builtin;
}

function dirOfBundle(): string {
  return typeof __dirname === "string" ? __dirname : process.cwd();
}

/**
 * The exports of every package of group `name`, by specifier; the group is compiled and
 * evaluated on the first call only.
 */
export function loadEmbeddedGroup(name: string): GroupExports {
  const known = loaded.get(name);
  if (known !== undefined) return known;
  const started = performance.now();
  const { source, cache } = readGroup(name, dirOfBundle());
  const script = new Script(WRAPPER_PREFIX + source + WRAPPER_SUFFIX, {
    filename: embeddedFileName(name),
    cachedData: cache,
  });
  const moduleFunction = script.runInThisContext() as ModuleFunction;
  const module = { exports: {} };
  moduleFunction.call(
    module.exports,
    module.exports,
    requireBuiltin,
    module,
    process.execPath,
    ".",
  );
  const exports = module.exports as GroupExports;
  loaded.set(name, exports);
  if (process.env[TRACE_ENV] !== undefined) {
    const accepted =
      cache === undefined ? "none" : script.cachedDataRejected ? "rejected" : "accepted";
    const ms = (performance.now() - started).toFixed(0);
    process.stderr.write(`embedded: ${name} (code cache ${accepted}, ${ms} ms)\n`);
  }
  return exports;
}
