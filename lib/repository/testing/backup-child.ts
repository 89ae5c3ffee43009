// Test-only child program: backs a directory up into a directory-store repository, printing
// "started" once the backup is under way, so a test can kill it mid-backup.
import { initRepository, openRepository } from "../index.js";
import { DirObjectStore } from "./dir-object-store.js";

const [storeDir, prefix, password, source] = process.argv.slice(2);
if (
  storeDir === undefined ||
  prefix === undefined ||
  password === undefined ||
  source === undefined
) {
  throw new Error("usage: backup-child STORE PREFIX PASSWORD SOURCE");
}
const store = new DirObjectStore(storeDir);
const options = { store, prefix, password, kdf: { n: 1024 } };
const repo = (await store.exists(`${prefix}/repository.json`))
  ? await openRepository(options)
  : await initRepository(options);
let isAnnounced = false;
await repo.backup(source, {
  progressIntervalMs: 50,
  onProgress: (progress) => {
    if (!isAnnounced && progress.bytesDone > 0) {
      isAnnounced = true;
      process.stdout.write("started\n");
    }
  },
});
process.stdout.write("finished\n");
