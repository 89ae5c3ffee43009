import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MemoryObjectStore, readObject } from "../../lib/storage/index.js";
import { ObjectBackupStore } from "../../lib/backup-store/index.js";
import { ReadOnlyLocationError } from "./errors.js";
import { ReadOnlyObjectStore } from "./read-only-object-store.js";

describe("ReadOnlyObjectStore", () => {
  it("reads through and refuses every write and delete, naming the location", async () => {
    const inner = new MemoryObjectStore();
    await inner.put("backups/b1/velero-backup.json", "{}");
    const store = new ReadOnlyObjectStore(inner, "primary");
    assert.equal((await readObject(store, "backups/b1/velero-backup.json")).toString(), "{}");
    await assert.rejects(store.put("x", "y"), (e: unknown) => {
      assert.ok(e instanceof ReadOnlyLocationError);
      assert.match(e.message, /backup storage location "primary" is ReadOnly: refusing to write x/);
      return true;
    });
    await assert.rejects(store.delete("backups/b1/velero-backup.json"), ReadOnlyLocationError);
    assert.deepEqual(inner.keys(), ["backups/b1/velero-backup.json"]);
  });

  it("makes a backup store over it refuse to delete a backup", async () => {
    const inner = new MemoryObjectStore();
    await inner.put("backups/b1/velero-backup.json", "{}");
    const backups = new ObjectBackupStore({ store: new ReadOnlyObjectStore(inner, "ro") });
    await assert.rejects(backups.deleteBackup("b1"));
    assert.equal(await backups.backupExists("b1"), true);
  });
});
