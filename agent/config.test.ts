import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AgentConfigError, parseAgentConfig } from "./config.js";

describe("agent config", () => {
  it("uses Velero's defaults and the pod's namespace", () => {
    const config = parseAgentConfig([], {
      VELERO_NAMESPACE: "backup-system",
      HOSTNAME: "velero-abc",
    });
    assert.equal(config.namespace, "backup-system");
    assert.equal(config.podName, "velero-abc");
    assert.equal(config.backupSyncPeriodMs, 60_000);
    assert.equal(config.defaultBackupTtlMs, 720 * 3_600_000);
    assert.equal(config.garbageCollectionFrequencyMs, 3_600_000);
    assert.deepEqual(config.metricsAddress, { host: "0.0.0.0", port: 8085 });
    assert.equal(config.defaultVolumesToFsBackup, false);
  });

  it("reads Velero's server flags", () => {
    const config = parseAgentConfig(
      [
        "--backup-sync-period=10s",
        "--default-volumes-to-fs-backup",
        "--log-level",
        "warning",
        "--features=EnableCSI",
      ],
      { AWS_SHARED_CREDENTIALS_FILE: "/credentials/cloud" },
    );
    assert.equal(config.backupSyncPeriodMs, 10_000);
    assert.equal(config.defaultVolumesToFsBackup, true);
    assert.equal(config.logLevel, "warn");
    assert.deepEqual(config.features, ["EnableCSI"]);
    assert.equal(config.credentialsFile, "/credentials/cloud");
  });

  it("accepts Velero's --flag=true|false form of booleans", () => {
    assert.equal(
      parseAgentConfig(["--default-volumes-to-fs-backup=true"], {}).defaultVolumesToFsBackup,
      true,
    );
    assert.equal(
      parseAgentConfig(["--default-volumes-to-fs-backup=false"], {}).defaultVolumesToFsBackup,
      false,
    );
    assert.throws(
      () => parseAgentConfig(["--schedule-skip-immediately=maybe"], {}),
      /use true or false/,
    );
  });

  it("refuses a bad duration and names the flag", () => {
    assert.throws(
      () => parseAgentConfig(["--default-backup-ttl", "forever"], {}),
      (e: unknown) => e instanceof AgentConfigError && /--default-backup-ttl/.test(e.message),
    );
  });

  it("refuses the restic uploader, which Velero removed", () => {
    assert.throws(() => parseAgentConfig(["--uploader-type=restic"], {}), /only kopia/);
  });
});
