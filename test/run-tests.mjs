// Runs every *.test.ts in the repository with node:test through tsx (Node 20's --test does not
// expand globs), unit tests first, then test/integration, then test/e2e. Extra arguments are
// passed to node --test (e.g. --test-name-pattern).
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const skip = new Set(["node_modules", "dist", ".git", "coverage"]);

function findTests(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (skip.has(name) || name.startsWith(".")) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) findTests(path, out);
    else if (name.endsWith(".test.ts")) out.push(relative(root, path));
  }
  return out;
}

const rank = (f) => (f.startsWith("test/e2e/") ? 2 : f.startsWith("test/integration/") ? 1 : 0);
const only = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const flags = process.argv.slice(2).filter((a) => a.startsWith("--"));
const files = (only.length > 0 ? only : findTests(root)).sort(
  (a, b) => rank(a) - rank(b) || a.localeCompare(b),
);
const result = spawnSync(
  process.execPath,
  [
    "--import",
    "tsx",
    "--test",
    "--test-concurrency=2",
    "--test-timeout=600000",
    ...flags,
    ...files,
  ],
  { cwd: root, stdio: "inherit" },
);
process.exit(result.status ?? 1);
