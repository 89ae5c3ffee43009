import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BackupBuilder } from "./builders/backup-builder.js";
import { buildDeleteBackupRequest } from "./delete-backup-request.js";
import { BACKUP_NAME_LABEL, BACKUP_UID_LABEL } from "./labels.js";

describe("buildDeleteBackupRequest", () => {
  it("names the backup in generateName, labels and spec as Velero's NewDeleteBackupRequest does", () => {
    const request = buildDeleteBackupRequest(
      new BackupBuilder("velero", "nightly").metadata({ uid: "u-1" }).build(),
      "velero",
    );
    assert.deepEqual(request, {
      apiVersion: "velero.io/v1",
      kind: "DeleteBackupRequest",
      metadata: {
        namespace: "velero",
        generateName: "nightly-",
        labels: { [BACKUP_NAME_LABEL]: "nightly", [BACKUP_UID_LABEL]: "u-1" },
      },
      spec: { backupName: "nightly" },
    });
  });

  it("shortens a backup name longer than a label value allows, as getValidLabelValue does", () => {
    const name = "b".repeat(70);
    const request = buildDeleteBackupRequest(new BackupBuilder("velero", name).build(), "velero");
    const label = request.metadata.labels?.[BACKUP_NAME_LABEL] ?? "";
    assert.equal(label.length, 63);
    assert.equal(request.spec.backupName, name);
    assert.equal(request.metadata.labels?.[BACKUP_UID_LABEL], "");
  });
});
