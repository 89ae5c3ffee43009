// Writes crds/velero.io_<plural>.yaml from the schemas in lib/api (run: npm run generate:crds)
// and removes generated files of kinds that no longer exist. test/crds.test.ts checks the result.
import { readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderAllCrds } from "../lib/api/index.js";

const dir = new URL("../crds/", import.meta.url).pathname;
const files = renderAllCrds();
for (const name of readdirSync(dir)) {
  if (name.startsWith("velero.io_") && name.endsWith(".yaml") && !files.has(name)) {
    rmSync(join(dir, name));
  }
}
for (const [name, text] of files) writeFileSync(join(dir, name), text);
console.log(`wrote ${files.size} CRDs to ${dir}`);
