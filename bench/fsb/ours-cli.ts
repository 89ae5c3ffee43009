// The benchmark's child program for our repository (run as its own process so its time and
// peak RSS compare with restic's): init | backup DIR | restore TARGET, over a directory store,
// with a local cache in $FSB_CACHE_DIR when set (as restic has its cache dir).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { initRepository, openRepository } from "../../lib/repository/index.js";
import { DirObjectStore } from "../../lib/repository/testing/dir-object-store.js";

const [command, storeDir, passwordFile, path] = process.argv.slice(2);
if (command === undefined || storeDir === undefined || passwordFile === undefined) {
  throw new Error("usage: ours-cli init|backup|restore STORE PASSWORD_FILE [PATH]");
}
const options = {
  store: new DirObjectStore(storeDir),
  prefix: "kopia/bench/",
  password: readFileSync(passwordFile, "utf8").trim(),
  cacheDir: process.env["FSB_CACHE_DIR"],
};

if (command === "init") {
  await initRepository(options);
} else if (command === "backup") {
  const repo = await openRepository(options);
  const source = resolve(path ?? ".");
  const latest = (await repo.listSnapshots({ source })).at(-1);
  const record = await repo.backup(source, { parent: latest?.id });
  process.stdout.write(JSON.stringify({ id: record.id, stats: record.stats }) + "\n");
} else if (command === "restore") {
  const repo = await openRepository(options);
  const latest = (await repo.listSnapshots()).at(-1);
  if (latest === undefined) throw new Error("no snapshot to restore");
  const result = await repo.restore(latest.id, resolve(path ?? "."));
  process.stdout.write(JSON.stringify(result) + "\n");
} else {
  throw new Error(`unknown command ${command}`);
}
