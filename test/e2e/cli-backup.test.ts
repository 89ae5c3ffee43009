// `kubectl velero backup ...` against a local test cluster with Velero's CRDs: what the CLI
// stores, what it refuses (and that refusing changes nothing), and what it prints.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runCaptured, type CapturedRun } from "../../kubectl-velero/testing/run-captured.js";
import { startTestCluster } from "../helpers/local-cluster.js";

const cluster = await startTestCluster({ name: "cli-backup" });
const applied = await cluster.kubectl(["apply", "-f", "crds/"]);
assert.equal(applied.code, 0, applied.stderr);
await cluster.kubectl(["create", "namespace", "velero"]);

const veleroRef = (resource: string): { group: string; version: string; resource: string } => ({
  group: "velero.io",
  version: "v1",
  resource,
});

function velero(...args: string[]): Promise<CapturedRun> {
  return runCaptured(["--kubeconfig", cluster.kubeconfigPath, ...args]);
}

function backupNames(): string[] {
  return cluster.api
    .list(veleroRef("backups"), { namespace: "velero" })
    .map((b) => b.metadata.name ?? "")
    .sort();
}

cluster.api.create(veleroRef("backupstoragelocations"), {
  apiVersion: "velero.io/v1",
  kind: "BackupStorageLocation",
  metadata: { name: "default", namespace: "velero" },
  spec: { provider: "aws", objectStorage: { bucket: "b" }, default: true },
});

describe("kubectl velero backup create", () => {
  it("stores a Backup with every flag mapped field by field", async () => {
    const run = await velero(
      "backup",
      "create",
      "nginx-backup",
      "--include-namespaces",
      "nginx,web",
      "--exclude-resources",
      "secrets",
      "--ttl",
      "24h",
      "--storage-location",
      "default",
      "--snapshot-volumes=false",
      "--default-volumes-to-fs-backup",
      "-l",
      "app=nginx",
      "--labels",
      "team=a",
      "--annotations",
      "note=x",
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(
      run.stdout,
      'Backup request "nginx-backup" submitted successfully.\n' +
        "Run `kubectl velero backup describe nginx-backup` or `kubectl velero backup logs nginx-backup` for more details.\n",
    );
    const stored = cluster.api.get(veleroRef("backups"), "velero", "nginx-backup");
    assert.ok(stored);
    assert.deepEqual(stored.metadata.labels, { team: "a" });
    assert.deepEqual(stored.metadata.annotations, { note: "x" });
    assert.deepEqual(stored["spec"], {
      metadata: {},
      includedNamespaces: ["nginx", "web"],
      excludedResources: ["secrets"],
      labelSelector: { matchLabels: { app: "nginx" } },
      snapshotVolumes: false,
      ttl: "24h0m0s",
      hooks: {},
      storageLocation: "default",
      defaultVolumesToFsBackup: true,
      csiSnapshotTimeout: "0s",
      itemOperationTimeout: "0s",
    });
  });
});

describe("kubectl velero backup create: printing and refusing", () => {
  it("prints the Backup with -o yaml (Go zero values, sorted keys) and submits nothing", async () => {
    const before = backupNames();
    const run = await velero("backup", "create", "printed", "--ttl", "1h", "-o", "yaml");
    assert.equal(run.code, 0, run.stderr);
    assert.equal(
      run.stdout,
      [
        "apiVersion: velero.io/v1",
        "kind: Backup",
        "metadata:",
        "  creationTimestamp: null",
        "  name: printed",
        "  namespace: velero",
        "spec:",
        "  csiSnapshotTimeout: 0s",
        "  hooks: {}",
        "  includedNamespaces:",
        "  - '*'",
        "  itemOperationTimeout: 0s",
        "  metadata: {}",
        "  ttl: 1h0m0s",
        "status: {}",
        "",
      ].join("\n"),
    );
    assert.deepEqual(backupNames(), before);
  });

  const refused: { args: string[]; code: number; message: RegExp }[] = [
    { args: ["Bad_Name"], code: 2, message: /invalid backup name "Bad_Name"/ },
    { args: [], code: 2, message: /a backup name is required/ },
    { args: ["b", "--ttl", "10 days"], code: 2, message: /invalid duration "10 days"/ },
    { args: ["b", "-l", "a=b", "--or-selector", "c=d"], code: 2, message: /not both/ },
    {
      args: ["b", "--include-resources", "pods", "--exclude-cluster-scoped-resources", "nodes"],
      code: 2,
      message: /cannot be used together/,
    },
    {
      args: ["b", "--storage-location", "nowhere"],
      code: 1,
      message: /backup storage location "nowhere" does not exist in namespace "velero"/,
    },
    {
      args: ["b", "--volume-snapshot-locations", "vsl-x"],
      code: 1,
      message: /volume snapshot location "vsl-x" does not exist/,
    },
    {
      args: ["b", "--include-resources", "pods,wibbles"],
      code: 1,
      message: /the server doesn't have a resource type "wibbles"/,
    },
    { args: ["--from-schedule", "nope"], code: 1, message: /schedule "nope" does not exist/ },
    { args: ["b", "--snapshot-volumes=perhaps"], code: 2, message: /invalid argument "perhaps"/ },
  ];
  for (const { args, code, message } of refused) {
    it(`refuses backup create ${args.join(" ")} and creates nothing`, async () => {
      const before = backupNames();
      const run = await velero("backup", "create", ...args);
      assert.equal(run.code, code, run.stderr);
      assert.match(run.stderr, message);
      assert.deepEqual(backupNames(), before);
    });
  }

  it("resolves short names and kinds of resource filters through discovery", async () => {
    const run = await velero(
      "backup",
      "create",
      "short-names",
      "--include-resources",
      "deploy,svc,Pod,deployments.apps",
    );
    assert.equal(run.code, 0, run.stderr);
    assert.ok(backupNames().includes("short-names"));
  });
});
