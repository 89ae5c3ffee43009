import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { runCaptured } from "../testing/run-captured.js";

interface Listed {
  apiVersion: string;
  kind: string;
  items: { kind: string; metadata: { name: string } }[];
}

const noCluster = ["--kubeconfig", "/nonexistent/kubeconfig"];
const base = ["install", "--provider", "aws", "--bucket", "b", "--no-secret", ...noCluster];

function kinds(list: Listed): string[] {
  return list.items.map((i) => i.kind).filter((k) => k !== "CustomResourceDefinition");
}

describe("kubectl velero install (without a cluster)", () => {
  it("prints a v1 List with --dry-run -o yaml and contacts no cluster", async () => {
    const run = await runCaptured([
      ...base,
      "--backup-location-config",
      "region=eu-west-1",
      "--dry-run",
      "-o",
      "yaml",
    ]);
    assert.equal(run.code, 0, run.stderr);
    const list = parse(run.stdout) as Listed;
    assert.equal(list.apiVersion, "v1");
    assert.equal(list.kind, "List");
    assert.deepEqual(kinds(list), [
      "Namespace",
      "ClusterRoleBinding",
      "ServiceAccount",
      "Secret",
      "BackupStorageLocation",
      "VolumeSnapshotLocation",
      "Deployment",
    ]);
  });

  it("prints only the 13 CRDs with --crds-only", async () => {
    const run = await runCaptured([
      "install",
      "--crds-only",
      "--dry-run",
      "-o",
      "json",
      ...noCluster,
    ]);
    assert.equal(run.code, 0, run.stderr);
    const list = JSON.parse(run.stdout) as Listed;
    assert.equal(list.items.length, 13);
    assert.deepEqual(kinds(list), []);
  });

  it("uses the namespace flag and the global feature flags", async () => {
    const run = await runCaptured([
      ...base,
      "-n",
      "backup",
      "--features",
      "EnableCSI",
      "--dry-run",
      "-o",
      "json",
    ]);
    assert.equal(run.code, 0, run.stderr);
    const list = JSON.parse(run.stdout) as { items: Record<string, unknown>[] };
    const deployment = list.items.find((i) => i["kind"] === "Deployment") as {
      metadata: { namespace: string };
      spec: { template: { spec: { containers: { args: string[] }[] } } };
    };
    assert.equal(deployment.metadata.namespace, "backup");
    assert.deepEqual(deployment.spec.template.spec.containers[0]?.args, [
      "server",
      "--features=EnableCSI",
      "--uploader-type=kopia",
    ]);
    assert.ok(
      list.items.some(
        (i) =>
          i["kind"] === "ClusterRoleBinding" &&
          (i["metadata"] as { name: string }).name === "velero-backup",
      ),
    );
  });

  it("accepts Velero's --use-volume-snapshots=false and --wait=false forms", async () => {
    const run = await runCaptured([
      ...base,
      "--use-volume-snapshots=false",
      "--wait=false",
      "--dry-run",
      "-o",
      "yaml",
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(!kinds(parse(run.stdout) as Listed).includes("VolumeSnapshotLocation"));
  });

  it("notes that --plugins is ignored", async () => {
    const run = await runCaptured([
      ...base,
      "--plugins",
      "velero/velero-plugin-for-aws:v1.10.0",
      "--dry-run",
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, "");
    assert.match(run.stderr, /--plugins is ignored/);
  });

  it("refuses -o table the way Velero does", async () => {
    const run = await runCaptured([...base, "--dry-run", "-o", "table"]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^An error occurred: invalid output format "table" for install/);
  });

  it("gives a generated repository password that differs per run", async () => {
    const password = async (): Promise<string> => {
      const run = await runCaptured([...base, "--dry-run", "-o", "json"]);
      const list = JSON.parse(run.stdout) as {
        items: { metadata: { name: string }; data?: Record<string, string> }[];
      };
      const secret = list.items.find((i) => i.metadata.name === "velero-repo-credentials");
      return Buffer.from(secret?.data?.["repository-password"] ?? "", "base64").toString();
    };
    const [a, b] = [await password(), await password()];
    assert.equal(a.length, 32);
    assert.notEqual(a, b);
  });
});

describe("kubectl velero uninstall (without a cluster)", () => {
  it("does nothing and exits 0 when the prompt is declined", async () => {
    const run = await runCaptured(["uninstall", ...noCluster], { stdin: "maybe\nn\n" });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(
      run.stdout,
      "You are about to uninstall Velero.\nAre you sure you want to continue (Y/N)? Are you sure you want to continue (Y/N)? ",
    );
  });

  it("goes ahead after yes, and fails when it cannot reach the cluster", async () => {
    const run = await runCaptured(["uninstall", ...noCluster], { stdin: "y\n" });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /kubeconfig/);
  });
});
