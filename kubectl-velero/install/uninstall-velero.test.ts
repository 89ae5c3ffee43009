import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FakeClock } from "../../lib/clock.js";
import type { KubeObject } from "../../lib/kube/index.js";
import { applyInstallation } from "./apply-installation.js";
import type { InstallSettings } from "./install-settings.js";
import { buildInstallObjects } from "./manifests.js";
import { resourceTypeFor } from "./resource-types.js";
import { driveClock } from "./testing/drive-clock.js";
import { MemoryObjectApi } from "./testing/memory-object-api.js";
import { uninstallVelero } from "./uninstall-velero.js";

const settings: InstallSettings = {
  namespace: "backup",
  image: "ghcr.io/kubectl-velero/velero:v0.1.0",
  backupLocation: { provider: "aws", bucket: "b", prefix: "", config: {} },
  repositoryPassword: "p",
  serviceAccountAnnotations: {},
  podAnnotations: {},
  podLabels: {},
  agentResources: {},
  server: {
    features: [],
    uploaderType: "kopia",
    defaultVolumesToFsBackup: false,
    defaultSnapshotMoveData: false,
    scheduleSkipImmediately: false,
  },
};

const restores = resourceTypeFor("velero.io/v1", "Restore");

async function installed(clock: FakeClock): Promise<MemoryObjectApi> {
  const api = new MemoryObjectApi({
    onCreate: (o) => {
      if (o.kind === "CustomResourceDefinition")
        o["status"] = { conditions: [{ type: "Established", status: "True" }] };
    },
  });
  await driveClock(
    applyInstallation(buildInstallObjects(settings), { api, clock, print: () => undefined }),
    clock,
  );
  const unrelated: KubeObject = { apiVersion: "v1", kind: "Namespace", metadata: { name: "apps" } };
  await api.create(resourceTypeFor("v1", "Namespace"), unrelated);
  return api;
}

function uninstall(api: MemoryObjectApi, clock: FakeClock, lines: string[] = []): Promise<void> {
  return driveClock(
    uninstallVelero({
      api,
      clock,
      namespace: "backup",
      print: (l) => lines.push(l),
      gracefulTimeoutMs: 5_000,
    }),
    clock,
  );
}

describe("uninstallVelero", () => {
  it("removes the namespace, the ClusterRoleBinding and the CRDs, and nothing else", async () => {
    const clock = new FakeClock();
    const api = await installed(clock);
    const lines: string[] = [];
    await uninstall(api, clock, lines);
    assert.deepEqual(
      api.all().map((o) => `${o.kind ?? ""}/${o.metadata?.name ?? ""}`),
      ["Namespace/apps"],
    );
    assert.equal(lines.at(-1), "Velero uninstalled ⛵");
    assert.ok(lines.includes('Velero namespace "backup" deleted'));
  });

  it("clears the restore finalizer when the agent does not finish the restore in time", async () => {
    const clock = new FakeClock();
    const api = await installed(clock);
    await api.create(restores, {
      apiVersion: "velero.io/v1",
      kind: "Restore",
      metadata: {
        name: "r1",
        namespace: "backup",
        finalizers: ["restores.velero.io/external-resources-finalizer", "example.com/other"],
      },
    });
    const start = clock.now().getTime();
    const lines: string[] = [];
    await uninstall(api, clock, lines);
    assert.ok(clock.now().getTime() - start >= 5_000, "waited for the agent first");
    const patches = api.writes.filter((w) => w.verb === "patch").map((w) => w.path);
    assert.deepEqual(patches, ["/apis/velero.io/v1/namespaces/backup/restores/r1"]);
    assert.deepEqual(
      api.all().map((o) => o.metadata?.name),
      ["apps"],
    );
  });

  it("says what is already gone and still succeeds when run twice", async () => {
    const clock = new FakeClock();
    const api = await installed(clock);
    await uninstall(api, clock);
    const lines: string[] = [];
    await uninstall(api, clock, lines);
    assert.deepEqual(lines, [
      'Velero namespace "backup" does not exist, skipping.',
      'Velero ClusterRoleBinding "velero-backup" does not exist, skipping.',
      "Velero uninstalled ⛵",
    ]);
  });
});
