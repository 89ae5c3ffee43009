import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FakeClock } from "../../lib/clock.js";
import type { KubeObject } from "../../lib/kube/index.js";
import { applyInstallation } from "./apply-installation.js";
import type { InstallSettings } from "./install-settings.js";
import { buildInstallObjects } from "./manifests.js";
import { driveClock } from "./testing/drive-clock.js";
import { MemoryObjectApi } from "./testing/memory-object-api.js";

const settings: InstallSettings = {
  namespace: "velero",
  image: "ghcr.io/kubectl-velero/velero:v0.1.0",
  backupLocation: { provider: "aws", bucket: "b", prefix: "", config: { region: "us-east-1" } },
  cloudCredentials: new TextEncoder().encode("creds"),
  repositoryPassword: "first-password",
  serviceAccountAnnotations: {},
  podAnnotations: {},
  podLabels: {},
  agentResources: { requests: { cpu: "500m" } },
  server: {
    features: [],
    uploaderType: "kopia",
    defaultVolumesToFsBackup: false,
    defaultSnapshotMoveData: false,
    scheduleSkipImmediately: false,
  },
  nodeAgent: {
    privileged: false,
    disableHostPath: false,
    kubeletRootDir: "/var/lib/kubelet",
    resources: {},
  },
};

function establishCrds(object: KubeObject): void {
  if (object.kind === "CustomResourceDefinition") {
    object["status"] = { conditions: [{ type: "Established", status: "True" }] };
  }
}

async function install(api: MemoryObjectApi, objects: KubeObject[], clock = new FakeClock()) {
  const lines: string[] = [];
  const result = await driveClock(
    applyInstallation(objects, { api, clock, print: (line) => lines.push(line) }),
    clock,
  );
  return { result, lines };
}

function versions(api: MemoryObjectApi): Map<string, string> {
  return new Map(
    api
      .all()
      .map((o) => [`${o.kind ?? ""}/${o.metadata?.name ?? ""}`, o.metadata?.resourceVersion ?? ""]),
  );
}

describe("applyInstallation", () => {
  it("creates every object on an empty cluster and prints Velero's progress lines", async () => {
    const api = new MemoryObjectApi({ onCreate: establishCrds });
    const objects = buildInstallObjects(settings);
    const { result, lines } = await install(api, objects);
    assert.equal(result.created.length, objects.length);
    assert.equal(api.all().length, objects.length);
    assert.deepEqual(lines.slice(0, 2), [
      "CustomResourceDefinition/backuprepositories.velero.io: attempting to create resource",
      "CustomResourceDefinition/backuprepositories.velero.io: created",
    ]);
    assert.equal(lines[26], "Waiting for resources to be ready in cluster...");
    assert.deepEqual(lines.slice(-2), [
      "DaemonSet/node-agent: attempting to create resource",
      "DaemonSet/node-agent: created",
    ]);
  });

  it("changes nothing when run again with the same settings", async () => {
    const api = new MemoryObjectApi({ onCreate: establishCrds });
    await install(api, buildInstallObjects(settings));
    const before = versions(api);
    const writes = api.writes.length;
    const { result, lines } = await install(
      api,
      buildInstallObjects({ ...settings, repositoryPassword: "other" }),
    );
    assert.equal(api.writes.length, writes, "no write on the second run");
    assert.deepEqual(versions(api), before);
    assert.equal(result.unchanged.length, before.size);
    assert.ok(lines.includes("Deployment/velero: already exists, proceeding"));
  });

  it("treats values the server canonicalised or defaulted as unchanged", async () => {
    const api = new MemoryObjectApi({
      onCreate: (object) => {
        establishCrds(object);
        if (object.kind !== "Deployment") return;
        const spec = object["spec"] as {
          replicas?: number;
          template: { spec: { containers: Record<string, unknown>[] } };
        };
        spec.replicas = 1;
        const container = spec.template.spec.containers[0]!;
        container["terminationMessagePath"] = "/dev/termination-log";
        container["resources"] = { requests: { cpu: "0.5" } };
      },
    });
    await install(api, buildInstallObjects(settings));
    const writes = api.writes.length;
    await install(api, buildInstallObjects(settings));
    assert.equal(api.writes.length, writes);
  });

  it("updates only the objects whose settings changed", async () => {
    const api = new MemoryObjectApi({ onCreate: establishCrds });
    await install(api, buildInstallObjects(settings));
    const writes = api.writes.length;
    const { result, lines } = await install(
      api,
      buildInstallObjects({ ...settings, image: "ghcr.io/kubectl-velero/velero:v0.2.0" }),
    );
    assert.deepEqual(result.updated, ["Deployment/velero", "DaemonSet/node-agent"]);
    assert.deepEqual(
      api.writes.slice(writes).map((w) => w.verb),
      ["patch", "patch"],
    );
    assert.ok(lines.includes("Deployment/velero: already exists, updated to match"));
    const deployment = api.all().find((o) => o.kind === "Deployment")!;
    assert.equal(deployment.metadata?.generation, 2);
  });

  it("keeps an existing repository password", async () => {
    const api = new MemoryObjectApi({ onCreate: establishCrds });
    await install(api, buildInstallObjects(settings));
    await install(api, buildInstallObjects({ ...settings, repositoryPassword: "second-password" }));
    const secret = api.all().find((o) => o.metadata?.name === "velero-repo-credentials")!;
    assert.deepEqual(secret["data"], {
      "repository-password": Buffer.from("first-password").toString("base64"),
    });
  });

  it("creates nothing but the CRDs when they never become Established", async () => {
    const api = new MemoryObjectApi();
    const clock = new FakeClock();
    await assert.rejects(
      install(api, buildInstallObjects(settings), clock),
      /timed out after 60s waiting for the CustomResourceDefinitions: backuprepositories.velero.io is not Established/,
    );
    assert.ok(api.all().every((o) => o.kind === "CustomResourceDefinition"));
  });

  it("refuses to install into a namespace that is being deleted", async () => {
    const api = new MemoryObjectApi({ onCreate: establishCrds });
    await install(api, buildInstallObjects(settings));
    await api.create(
      {
        group: "velero.io",
        version: "v1",
        resource: "restores",
        namespaced: true,
        kind: "Restore",
      },
      {
        apiVersion: "velero.io/v1",
        kind: "Restore",
        metadata: { name: "r", namespace: "velero", finalizers: ["x"] },
      },
    );
    const ns = {
      group: "",
      version: "v1",
      resource: "namespaces",
      namespaced: false,
      kind: "Namespace",
    };
    const namespace = api.all().find((o) => o.kind === "Namespace")!;
    await api.mergePatch(
      { type: ns, name: "velero" },
      { metadata: { finalizers: ["kubernetes"] } },
    );
    await api.delete({ type: ns, name: namespace.metadata!.name! });
    await assert.rejects(
      install(api, buildInstallObjects(settings)),
      /Namespace\/velero is being deleted/,
    );
  });
});
