import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkInstallFlags, type InstallFlags } from "./install-flags.js";

const aws: InstallFlags = { provider: "aws", bucket: "backups", secretFile: "creds" };

describe("install flag combinations", () => {
  const refused: [string, InstallFlags, RegExp][] = [
    [
      "a bucket starting with a dash",
      { ...aws, bucket: "-b" },
      /Bucket names cannot begin with a dash. Bucket name was: -b/,
    ],
    ["no provider", { bucket: "b", secretFile: "f" }, /--provider is required$/],
    ["no bucket", { provider: "aws", secretFile: "f" }, /--bucket is required$/],
    [
      "neither --secret-file nor --no-secret",
      { provider: "aws", bucket: "b" },
      /One of --secret-file or --no-secret is required/,
    ],
    [
      "both --secret-file and --no-secret",
      { ...aws, secret: false },
      /Cannot use both --secret-file and --no-secret/,
    ],
    [
      "--bucket without a default location",
      { ...aws, defaultBackupLocation: false },
      /Cannot use both --bucket and --no-default-backup-location/,
    ],
    [
      "--prefix without a default location",
      { provider: "aws", prefix: "p", defaultBackupLocation: false },
      /Cannot use both --prefix and --no-default-backup-location/,
    ],
    [
      "location config without a default location",
      { provider: "aws", backupLocationConfig: { region: "x" }, defaultBackupLocation: false },
      /Cannot use both --backup-location-config and --no-default-backup-location/,
    ],
    [
      "snapshots without a provider",
      { defaultBackupLocation: false, secret: false },
      /--provider is required when --use-volume-snapshots is set to true/,
    ],
    [
      "snapshot config with snapshots off",
      { ...aws, useVolumeSnapshots: false, snapshotLocationConfig: { region: "x" } },
      /--snapshot-location-config must be empty when --use-volume-snapshots=false/,
    ],
    [
      "a provider with neither location",
      { provider: "aws", defaultBackupLocation: false, useVolumeSnapshots: false },
      /--provider must be empty when using --no-default-backup-location and --use-volume-snapshots=false/,
    ],
    [
      "fs backup by default without the node-agent",
      { ...aws, defaultVolumesToFsBackup: true },
      /--use-node-agent is required when using --default-volumes-to-fs-backup/,
    ],
    [
      "the restic uploader",
      { ...aws, uploaderType: "restic" },
      /only supported uploader type is "kopia"/,
    ],
  ];
  for (const [what, flags, message] of refused) {
    it(`refuses ${what}`, () => {
      assert.throws(() => {
        checkInstallFlags(flags);
      }, message);
    });
  }

  const accepted: [string, InstallFlags][] = [
    ["a provider, bucket and secret file", aws],
    ["--no-secret instead of a secret file", { provider: "aws", bucket: "b", secret: false }],
    [
      "no default location and no secret flag at all",
      { defaultBackupLocation: false, useVolumeSnapshots: false },
    ],
    [
      "fs backup by default with the node-agent",
      { ...aws, useNodeAgent: true, defaultVolumesToFsBackup: true },
    ],
  ];
  for (const [what, flags] of accepted) {
    it(`accepts ${what}`, () => {
      assert.doesNotThrow(() => {
        checkInstallFlags(flags);
      });
    });
  }
});
