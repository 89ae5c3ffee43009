// `kubectl velero backup-location|snapshot-location ...`, the verb-first aliases and `version`
// against a local test cluster with Velero's CRDs: what is stored, what is refused (changing
// nothing), and what is printed.
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { join } from "node:path";
import { runCaptured, type CapturedRun } from "../../kubectl-velero/testing/run-captured.js";
import { startTestCluster } from "../helpers/local-cluster.js";
import { makeTempDir } from "../helpers/temp-dir.js";

const cluster = await startTestCluster({ name: "cli-locations" });
const applied = await cluster.kubectl(["apply", "-f", "crds/"]);
assert.equal(applied.code, 0, applied.stderr);
await cluster.kubectl(["create", "namespace", "velero"]);

const ref = (resource: string): { group: string; version: string; resource: string } => ({
  group: "velero.io",
  version: "v1",
  resource,
});
const bsls = ref("backupstoragelocations");
const vsls = ref("volumesnapshotlocations");

function velero(...args: string[]): Promise<CapturedRun> {
  return runCaptured(["--kubeconfig", cluster.kubeconfigPath, ...args]);
}

function names(resource: string): string[] {
  return cluster.api
    .list(ref(resource), { namespace: "velero" })
    .map((o) => o.metadata.name ?? "")
    .sort();
}

function spec(resource: string, name: string): Record<string, unknown> {
  const object = cluster.api.get(ref(resource), "velero", name) as
    { spec: Record<string, unknown> } | undefined;
  assert.ok(object !== undefined, `${resource}/${name} exists`);
  return object.spec;
}

describe("kubectl velero backup-location", () => {
  it("creates a location with every flag mapped onto the stored object", async (t) => {
    const dir = await makeTempDir("cli-locations-", { "ca.pem": "PEM-BYTES" });
    t.after(() => dir.remove());
    const caFile = join(dir.path, "ca.pem");
    const run = await velero(
      "backup-location",
      "create",
      "primary",
      "--provider",
      "aws",
      "--bucket",
      "velero-bucket",
      "--prefix",
      "cluster-a",
      "--config",
      "region=us-east-1,s3ForcePathStyle=true",
      "--credential",
      "cloud-credentials=cloud",
      "--default",
      "--access-mode",
      "ReadOnly",
      "--backup-sync-period",
      "2m",
      "--validation-frequency",
      "0s",
      "--labels",
      "team=storage",
      "--cacert",
      caFile,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'Backup storage location "primary" configured successfully.\n');
    const stored = cluster.api.get(bsls, "velero", "primary");
    assert.deepEqual(stored?.metadata.labels, { team: "storage" });
    assert.deepEqual(spec("backupstoragelocations", "primary"), {
      provider: "aws",
      objectStorage: {
        bucket: "velero-bucket",
        prefix: "cluster-a",
        caCert: Buffer.from("PEM-BYTES").toString("base64"),
      },
      config: { region: "us-east-1", s3ForcePathStyle: "true" },
      credential: { name: "cloud-credentials", key: "cloud" },
      default: true,
      accessMode: "ReadOnly",
      backupSyncPeriod: "2m0s",
      validationFrequency: "0s",
    });
  });

  it("refuses bad input with a clear message and creates nothing", async () => {
    const before = names("backupstoragelocations");
    const cases: [string[], RegExp][] = [
      [["--bucket", "b"], /--provider is required/],
      [["--provider", "aws"], /--bucket is required/],
      [["--provider", "nope", "--bucket", "b"], /unknown object storage provider "nope"/],
      [["--provider", "aws", "--bucket", "b", "--config", "regoin=x"], /invalid keys \[regoin\]/],
      [["--provider", "aws", "--bucket", "b", "--access-mode", "RW"], /valid values: ReadWrite/],
      [["--provider", "aws", "--bucket", "b", "--backup-sync-period", "soon"], /invalid duration/],
      [["--provider", "aws", "--bucket", "b", "--cacert", "/nonexistent/ca"], /--cacert file/],
      [["--provider", "aws", "--bucket", "b", "--default"], /already a default .*"primary"/],
    ];
    for (const [flags, message] of cases) {
      const run = await velero("backup-location", "create", "second", ...flags);
      assert.notEqual(run.code, 0, flags.join(" "));
      assert.match(run.stderr, message);
    }
    const badName = await velero("backup-location", "create", "Bad_Name", "--provider", "aws");
    assert.notEqual(badName.code, 0);
    assert.match(badName.stderr, /invalid backup storage location name "Bad_Name"/);
    assert.deepEqual(names("backupstoragelocations"), before);
  });

  it("prints with -o yaml through the verb-first alias without creating anything", async () => {
    const run = await velero(
      "create",
      "backup-location",
      "preview",
      "--provider",
      "gcp",
      "--bucket",
      "b",
      "-o",
      "yaml",
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /kind: BackupStorageLocation\n/);
    assert.match(run.stdout, /accessMode: ReadWrite\n/);
    assert.ok(!names("backupstoragelocations").includes("preview"));
  });

  it("lists locations as Velero's table, also as `get backup-locations --default`", async () => {
    const created = await velero(
      "backup-location",
      "create",
      "secondary",
      "--provider",
      "azure",
      "--bucket",
      "c",
    );
    assert.equal(created.code, 0, created.stderr);
    const run = await velero("backup-location", "get");
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trimEnd().split("\n");
    assert.match(
      lines[0] ?? "",
      /^NAME\s+PROVIDER\s+BUCKET\/PREFIX\s+PHASE\s+LAST VALIDATED\s+ACCESS MODE\s+DEFAULT$/,
    );
    assert.match(
      lines[1] ?? "",
      /^primary\s+aws\s+velero-bucket\/cluster-a\s+Unknown\s+Unknown\s+ReadOnly\s+true$/,
    );
    assert.match(lines[2] ?? "", /^secondary\s+azure\s+c\s+Unknown\s+Unknown\s+ReadWrite$/);
    const onlyDefault = await velero("get", "backup-locations", "--default", "-o", "json");
    assert.equal(onlyDefault.code, 0, onlyDefault.stderr);
    assert.equal(
      (JSON.parse(onlyDefault.stdout) as { metadata: { name: string } }).metadata.name,
      "primary",
    );
    const missing = await velero("backup-location", "get", "absent");
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /absent/);
  });

  it("set --default moves the default flag and replaces the credential", async () => {
    const run = await velero(
      "backup-location",
      "set",
      "secondary",
      "--default",
      "--credential",
      "azure-creds=cloud",
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'Backup storage location "secondary" configured successfully.\n');
    assert.equal(spec("backupstoragelocations", "secondary")["default"], true);
    assert.deepEqual(spec("backupstoragelocations", "secondary")["credential"], {
      name: "azure-creds",
      key: "cloud",
    });
    assert.equal(spec("backupstoragelocations", "primary")["default"], false);
    const missing = await velero("backup-location", "set", "absent", "--default");
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /absent/);
  });

  it("delete removes the location with its labelled backups and repositories", async () => {
    const labels = { "velero.io/storage-location": "primary" };
    cluster.api.create(ref("backups"), {
      apiVersion: "velero.io/v1",
      kind: "Backup",
      metadata: { name: "on-primary", namespace: "velero", labels },
      spec: {},
    });
    cluster.api.create(ref("backups"), {
      apiVersion: "velero.io/v1",
      kind: "Backup",
      metadata: { name: "elsewhere", namespace: "velero" },
      spec: {},
    });
    cluster.api.create(ref("backuprepositories"), {
      apiVersion: "velero.io/v1",
      kind: "BackupRepository",
      metadata: { name: "app-primary-kopia", namespace: "velero", labels },
      spec: {
        volumeNamespace: "app",
        backupStorageLocation: "primary",
        maintenanceFrequency: "1h",
      },
    });
    const declined = await runCaptured(
      ["--kubeconfig", cluster.kubeconfigPath, "backup-location", "delete", "primary"],
      { stdin: "n\n" },
    );
    assert.equal(declined.code, 0, declined.stderr);
    assert.ok(names("backupstoragelocations").includes("primary"));
    const run = await velero("delete", "backup-locations", "primary", "--confirm");
    assert.equal(run.code, 0, run.stderr);
    assert.equal(
      run.stdout,
      'Backup storage location "primary" deleted successfully.\n' +
        'Backup associated with deleted BSL(s) "on-primary" deleted successfully.\n' +
        'Backup repository associated with deleted BSL(s) "app-primary-kopia" deleted successfully.\n',
    );
    assert.deepEqual(names("backupstoragelocations"), ["secondary"]);
    assert.deepEqual(names("backups"), ["elsewhere"]);
    assert.deepEqual(names("backuprepositories"), []);
    const none = await velero("backup-location", "delete", "--selector", "none=here", "--confirm");
    assert.equal(none.code, 0, none.stderr);
    assert.equal(none.stdout, "No backup-locations found\n");
    const noSelection = await velero("backup-location", "delete", "--confirm");
    assert.notEqual(noSelection.code, 0);
    assert.match(noSelection.stderr, /exactly one of/);
  });
});

describe("kubectl velero snapshot-location", () => {
  it("creates, lists, sets and deletes a volume snapshot location", async () => {
    const created = await velero(
      "snapshot-location",
      "create",
      "ebs",
      "--provider",
      "aws",
      "--config",
      "region=eu-west-1",
      "--labels",
      "a=b",
    );
    assert.equal(created.code, 0, created.stderr);
    assert.equal(created.stdout, 'Snapshot volume location "ebs" configured successfully.\n');
    assert.deepEqual(spec("volumesnapshotlocations", "ebs"), {
      provider: "aws",
      config: { region: "eu-west-1" },
    });
    const listed = await velero("get", "snapshot-locations");
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /^NAME\s+PROVIDER\nebs\s+aws\n$/);
    const set = await velero("snapshot-location", "set", "ebs", "--credential", "aws-creds=cloud");
    assert.equal(set.code, 0, set.stderr);
    assert.deepEqual(spec("volumesnapshotlocations", "ebs")["credential"], {
      name: "aws-creds",
      key: "cloud",
    });
    const refused = await velero("snapshot-location", "create", "x", "--provider", "csi");
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /unknown volume snapshot provider "csi"/);
    const deleted = await velero("snapshot-location", "delete", "ebs", "--confirm");
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.equal(cluster.api.list(vsls, { namespace: "velero" }).length, 0);
  });
});

describe("kubectl velero version", () => {
  it("reports the server error line when no agent answers within --timeout", async () => {
    const run = await velero("version", "--timeout", "1s");
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^Client:\n\tVersion: v\d+\.\d+\.\d+\n\tGit commit: \S+\n/);
    assert.match(
      run.stdout,
      /<error getting server version: timed out waiting for server status request to be processed>\n$/,
    );
    const requests = cluster.api.list(ref("serverstatusrequests"), { namespace: "velero" });
    assert.ok(requests.some((r) => r.metadata.name?.startsWith("velero-cli-")));
  });

  it("prints the version the agent writes into the ServerStatusRequest", async () => {
    const answering = setInterval(() => {
      for (const request of cluster.api.list(ref("serverstatusrequests"), {
        namespace: "velero",
      })) {
        if ((request as { status?: { phase?: string } }).status?.phase === "Processed") continue;
        cluster.api.update(ref("serverstatusrequests"), {
          ...request,
          status: { phase: "Processed", serverVersion: "v0.1.7", plugins: [] },
        });
      }
    }, 50);
    after(() => {
      clearInterval(answering);
    });
    const run = await velero("version", "--timeout", "30s");
    clearInterval(answering);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Server:\n\tVersion: v0\.1\.7\n$/);
  });

  it("prints only the client block with --client-only and refuses a bad --timeout", async () => {
    const run = await velero("version", "--client-only");
    assert.equal(run.code, 0, run.stderr);
    assert.doesNotMatch(run.stdout, /Server|error/);
    const bad = await velero("version", "--timeout", "forever");
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /invalid duration "forever"/);
  });
});
