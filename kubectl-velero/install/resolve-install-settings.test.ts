import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { makeTempDir, type TempDir } from "../../test/helpers/temp-dir.js";
import type { InstallFlags } from "./install-flags.js";
import {
  checkStorageOffline,
  resolveInstallSettings,
  type ResolveContext,
  type StorageCheck,
} from "./resolve-install-settings.js";

const awsCredentials = "[default]\naws_access_key_id=AK\naws_secret_access_key=SK\n";

describe("resolveInstallSettings", () => {
  let dir: TempDir;
  const checked: StorageCheck[] = [];

  before(async () => {
    dir = await makeTempDir("kv-install-", { creds: awsCredentials, "ca.pem": "PEM" });
  });
  after(async () => {
    await dir.remove();
  });

  function context(overrides: Partial<ResolveContext> = {}): ResolveContext {
    return {
      namespace: "velero",
      features: [],
      defaultImage: "ghcr.io/kubectl-velero/velero:v0.1.0",
      readFile: (path) => readFile(path),
      checkStorage: (location) => {
        checked.push(location);
        return Promise.resolve();
      },
      generatePassword: () => "generated",
      ...overrides,
    };
  }

  function fsFlags(extra: InstallFlags = {}): InstallFlags {
    return {
      provider: "filesystem",
      bucket: "b",
      backupLocationConfig: { path: dir.path },
      secretFile: join(dir.path, "creds"),
      ...extra,
    };
  }

  it("reads the secret file and the CA bundle and checks the location with the credentials", async () => {
    checked.length = 0;
    const settings = await resolveInstallSettings(
      fsFlags({ cacert: join(dir.path, "ca.pem"), prefix: "p" }),
      context(),
    );
    assert.equal(new TextDecoder().decode(settings.cloudCredentials), awsCredentials);
    assert.equal(new TextDecoder().decode(settings.backupLocation?.caCert), "PEM");
    assert.equal(settings.backupLocation?.prefix, "p");
    assert.equal(settings.repositoryPassword, "generated");
    assert.equal(checked.length, 1);
    assert.equal(new TextDecoder().decode(checked[0]?.credentials), awsCredentials);
  });

  it("applies Velero's defaults: image, kopia, bounded agent, unbounded node-agent", async () => {
    const settings = await resolveInstallSettings(fsFlags({ useNodeAgent: true }), context());
    assert.equal(settings.image, "ghcr.io/kubectl-velero/velero:v0.1.0");
    assert.equal(settings.server.uploaderType, "kopia");
    assert.deepEqual(settings.agentResources, {
      requests: { cpu: "500m", memory: "128Mi" },
      limits: { cpu: "1", memory: "512Mi" },
    });
    assert.deepEqual(settings.nodeAgent, {
      privileged: false,
      disableHostPath: false,
      kubeletRootDir: "/var/lib/kubelet",
      resources: {},
    });
  });

  it("normalises durations to Go's text, drops zero durations, and takes global features", async () => {
    const settings = await resolveInstallSettings(
      fsFlags({
        garbageCollectionFrequency: "90m",
        podVolumeOperationTimeout: "0s",
        backupSyncPeriod: "30s",
      }),
      context({ features: ["EnableCSI"] }),
    );
    assert.equal(settings.server.garbageCollectionFrequency, "1h30m0s");
    assert.equal(settings.server.podVolumeOperationTimeout, undefined);
    assert.equal(settings.server.backupSyncPeriod, "30s");
    assert.deepEqual(settings.server.features, ["EnableCSI"]);
  });

  const snapshotCases: [string, InstallFlags, string | undefined][] = [
    ["aws gets a snapshot location by default", { provider: "aws" }, "aws"],
    ["gcp gets one too", { provider: "gcp" }, "gcp"],
    ["filesystem has no snapshotter, so none", { provider: "filesystem" }, undefined],
    [
      "snapshot config asks for one anyway",
      { provider: "filesystem", snapshotLocationConfig: { a: "b" } },
      "filesystem",
    ],
    [
      "--use-volume-snapshots=false turns it off",
      { provider: "aws", useVolumeSnapshots: false },
      undefined,
    ],
  ];
  for (const [what, flags, want] of snapshotCases) {
    it(`decides the snapshot location: ${what}`, async () => {
      const settings = await resolveInstallSettings(fsFlags(flags), context());
      assert.equal(settings.snapshotLocation?.provider, want);
    });
  }

  const refused: [string, InstallFlags, Partial<ResolveContext>, RegExp][] = [
    [
      "a missing secret file",
      { secretFile: "/nonexistent/creds" },
      {},
      /cannot read --secret-file "\/nonexistent\/creds": ENOENT/,
    ],
    ["a missing CA bundle", { cacert: "/nonexistent/ca" }, {}, /cannot read --cacert/],
    [
      "a bad duration",
      { garbageCollectionFrequency: "soon" },
      {},
      /invalid argument "soon" for "--garbage-collection-frequency"/,
    ],
    [
      "a negative duration",
      { defaultRepoMaintainFrequency: "-1h" },
      {},
      /--default-repo-maintain-frequency must be non-negative/,
    ],
    [
      "a bad quantity",
      { veleroPodMemRequest: "lots" },
      {},
      /couldn't parse velero pod memory request "lots"/,
    ],
    [
      "a request above its limit",
      { nodeAgentPodCpuRequest: "2", nodeAgentPodCpuLimit: "1", useNodeAgent: true },
      {},
      /node-agent pod CPU request "2" must be less than or equal to CPU limit "1"/,
    ],
    [
      "a relative kubelet root",
      { useNodeAgent: true, kubeletRootDir: "var/lib/kubelet" },
      {},
      /--kubelet-root-dir must be an absolute path/,
    ],
    [
      "a bad namespace",
      {},
      { namespace: "Velero_NS" },
      /--namespace "Velero_NS" is not a valid name/,
    ],
    [
      "a bad service account name",
      { serviceAccountName: "SA!" },
      {},
      /--service-account-name "SA!" is not a valid name/,
    ],
    [
      "a bad pod label key",
      { podLabels: { "bad key": "x" } },
      {},
      /--pod-labels: invalid label key "bad key"/,
    ],
    [
      "a zero concurrency",
      { concurrentBackups: "0" },
      {},
      /--concurrent-backups must be a whole number of at least 1/,
    ],
    ["an empty image", { image: " " }, {}, /--image must not be empty/],
    [
      "a location the provider refuses",
      {},
      { checkStorage: () => Promise.reject(new Error("config has invalid keys [foo]")) },
      /invalid backup storage location: config has invalid keys \[foo\]/,
    ],
  ];
  for (const [what, flags, ctx, message] of refused) {
    it(`refuses ${what}`, async () => {
      await assert.rejects(resolveInstallSettings(fsFlags(flags), context(ctx)), message);
    });
  }
});

describe("checkStorageOffline", () => {
  it("accepts a valid filesystem location", async () => {
    await checkStorageOffline({
      provider: "filesystem",
      bucket: "b",
      prefix: "",
      config: { path: "/tmp" },
    });
  });

  it("refuses an unknown provider, naming it", async () => {
    await assert.rejects(
      checkStorageOffline({ provider: "dropbox", bucket: "b", prefix: "", config: {} }),
      /unknown object storage provider "dropbox"/,
    );
  });

  it("refuses an unknown config key, naming it", async () => {
    await assert.rejects(
      checkStorageOffline({
        provider: "filesystem",
        bucket: "b",
        prefix: "",
        config: { path: "/tmp", colour: "red" },
      }),
      /colour/,
    );
  });
});
