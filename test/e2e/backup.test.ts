// Backups end to end on a local test cluster: objects created with the real kubectl, the agent
// running in this process with a filesystem storage location, and every backup read back from
// the bucket: Velero's keys, the tarball's entries against the API, filters, the resources
// Velero never backs up, results, the log and a DownloadRequest for it.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import type { Backup, BackupSpec } from "../../lib/api/index.js";
import { discoverResources, resourcePath, type ResourceCatalog } from "../../lib/kube/index.js";
import { backupController } from "../../agent/controllers/backup-controller.js";
import { downloadRequestController } from "../../agent/controllers/download-request-controller.js";
import { createAgentHarness, type AgentHarness } from "../../agent/backup/testing/agent-harness.js";
import {
  itemId,
  listKeys,
  readGzipJson,
  readGzipText,
  readStoredArchive,
  type StoredArchive,
} from "../../agent/backup/testing/stored-backup.js";
import { checkedKubectl } from "../helpers/checked-kubectl.js";
import { startTestCluster, type TestCluster } from "../helpers/local-cluster.js";

// Registered before the cluster's own `after`, so the agent stops while the cluster still runs.
const harnesses: AgentHarness[] = [];
after(async () => {
  for (const harness of harnesses) await harness.stop();
});
const cluster: TestCluster = await startTestCluster({ name: "backup-e2e" });
const agent = await createAgentHarness({ kubeconfigPath: cluster.kubeconfigPath });
harnesses.push(agent);

const timeoutMs = 120_000;

const kubectl = checkedKubectl(cluster, timeoutMs);

const apply = (yaml: string): Promise<string> => kubectl(["apply", "-f", "-"], yaml);

const crds = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.e2e.example.com}
spec:
  group: e2e.example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, listKind: WidgetList}
  versions:
  - name: v1
    served: true
    storage: true
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: volumesnapshots.snapshot.storage.k8s.io}
spec:
  group: snapshot.storage.k8s.io
  scope: Namespaced
  names: {plural: volumesnapshots, singular: volumesnapshot, kind: VolumeSnapshot, listKind: VolumeSnapshotList}
  versions:
  - name: v1
    served: true
    storage: true
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: volumesnapshotcontents.snapshot.storage.k8s.io}
spec:
  group: snapshot.storage.k8s.io
  scope: Cluster
  names: {plural: volumesnapshotcontents, singular: volumesnapshotcontent, kind: VolumeSnapshotContent, listKind: VolumeSnapshotContentList}
  versions:
  - name: v1
    served: true
    storage: true
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
`;

const nginxExample = `
apiVersion: v1
kind: Namespace
metadata: {name: nginx-example, labels: {app: nginx}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: nginx-deployment, namespace: nginx-example}
spec:
  replicas: 2
  selector: {matchLabels: {app: nginx}}
  template:
    metadata: {labels: {app: nginx}}
    spec:
      containers:
      - {image: "nginx:1.17.6", name: nginx, ports: [{containerPort: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: my-nginx, namespace: nginx-example, labels: {app: nginx}}
spec:
  ports: [{port: 80, targetPort: 80}]
  selector: {app: nginx}
  type: LoadBalancer
`;

const filterObjects = `
apiVersion: v1
kind: Namespace
metadata: {name: filters-a}
---
apiVersion: v1
kind: Namespace
metadata: {name: filters-b}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cm-web, namespace: filters-a, labels: {tier: web, app: e2e}}
data: {k: web}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cm-db, namespace: filters-a, labels: {tier: db}}
data: {k: db}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cm-app, namespace: filters-a, labels: {app: e2e}}
data: {k: app}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cm-excluded, namespace: filters-a, labels: {velero.io/exclude-from-backup: "true"}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cm-deleting, namespace: filters-a, finalizers: [e2e.example.com/keep]}
---
apiVersion: v1
kind: Secret
metadata: {name: s1, namespace: filters-a}
stringData: {password: hunter2}
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: pv-data}
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteOnce]
  hostPath: {path: /tmp/pv-data}
  claimRef: {namespace: filters-a, name: data-claim}
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: pv-unbound}
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteOnce]
  hostPath: {path: /tmp/pv-unbound}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data-claim, namespace: filters-a}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
  storageClassName: ""
  volumeName: pv-data
---
apiVersion: v1
kind: Pod
metadata: {name: app-pod, namespace: filters-a}
spec:
  containers: [{name: app, image: busybox}]
  volumes: [{name: data, persistentVolumeClaim: {claimName: data-claim}}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: e2e-reader}
rules: [{apiGroups: [""], resources: [configmaps], verbs: [get]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: e2e-reader}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: e2e-reader}
subjects: [{kind: ServiceAccount, name: default, namespace: filters-a}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: e2e-unrelated}
rules: [{apiGroups: [""], resources: [secrets], verbs: [get]}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cm-b, namespace: filters-b, labels: {tier: api}}
---
apiVersion: e2e.example.com/v1
kind: Widget
metadata: {name: w1, namespace: filters-b}
spec: {size: 3}
---
apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshot
metadata: {name: snap-1, namespace: filters-b}
spec: {source: {persistentVolumeClaimName: data-claim}}
---
apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshotContent
metadata: {name: snapcontent-1}
spec: {driver: e2e.example.com, deletionPolicy: Delete}
---
apiVersion: v1
kind: Namespace
metadata: {name: warn-ns}
---
apiVersion: v1
kind: Pod
metadata: {name: claimless, namespace: warn-ns}
spec:
  containers: [{name: app, image: busybox}]
  volumes: [{name: data, persistentVolumeClaim: {claimName: missing-claim}}]
`;

await apply(nginxExample);
await apply(crds);
await kubectl([
  "wait",
  "--for=condition=Established",
  "crd/widgets.e2e.example.com",
  "crd/volumesnapshots.snapshot.storage.k8s.io",
  "crd/volumesnapshotcontents.snapshot.storage.k8s.io",
]);
await apply(filterObjects);
await kubectl([
  "patch",
  "pvc/data-claim",
  "-n",
  "filters-a",
  "--subresource=status",
  "--type=merge",
  "-p",
  '{"status":{"phase":"Bound"}}',
]);
await kubectl(["delete", "configmap/cm-deleting", "-n", "filters-a", "--wait=false"]);

await agent.createLocation("default", { isDefault: true });
await agent.start([backupController, downloadRequestController]);
const catalog: ResourceCatalog = await discoverResources(agent.ctx.rest);
const bucketDir = join(agent.storageRoot, "default");

let backupCount = 0;
/** Creates a backup with a fresh name and waits until it reaches a final phase. */
async function backUp(spec: BackupSpec): Promise<{ backup: Backup; archive: StoredArchive }> {
  backupCount++;
  const name = `e2e-${String(backupCount)}`;
  await agent.createBackup(name, spec);
  const backup = await agent.waitForBackup(name, undefined, timeoutMs);
  const archive = await readStoredArchive(join(bucketDir, "backups", name, `${name}.tar.gz`));
  return { backup, archive };
}

/** The archive's item ids (`gr:ns/name`), without Events (which the cluster may add). */
function idsOf(archive: StoredArchive): Set<string> {
  return new Set(
    [...archive.items.values()]
      .filter((i) => !i.ref.groupResource.startsWith("events"))
      .map((i) => itemId(i.ref)),
  );
}

/** Checks every item against the API server's copy in the preferred version, both entries. */
async function assertItemsMatchApi(archive: StoredArchive): Promise<void> {
  for (const item of archive.items.values()) {
    const type = catalog.resolve(item.ref.groupResource);
    const ns = item.ref.namespace ?? "";
    const prefix = `resources/${item.ref.groupResource}`;
    const scope = ns === "" ? `cluster/${item.ref.name}` : `namespaces/${ns}/${item.ref.name}`;
    assert.deepEqual(item.paths, [
      `${prefix}/${scope}.json`,
      `${prefix}/${type.version}-preferredversion/${scope}.json`,
    ]);
    assert.deepEqual(item.bodies[0], item.bodies[1]);
    const live = await agent.ctx.rest.request({
      method: "GET",
      path: resourcePath(type, { namespace: ns, name: item.ref.name }),
    });
    assert.deepEqual(item.bodies[0], live, `${itemId(item.ref)} differs from the API's copy`);
  }
}

const sideFiles = (name: string): string[] =>
  [
    "velero-backup.json",
    `${name}.tar.gz`,
    `${name}-itemoperations.json.gz`,
    `${name}-logs.gz`,
    `${name}-podvolumebackups.json.gz`,
    `${name}-resource-list.json.gz`,
    `${name}-results.gz`,
    `${name}-volumeinfo.json.gz`,
    `${name}-volumesnapshots.json.gz`,
  ]
    .map((file) => `backups/${name}/${file}`)
    .sort();

describe("a backup of Velero's nginx example", () => {
  it("stores Velero's keys, every object of the namespace in both entries, and the log", async () => {
    await agent.createBackup("nginx-backup", { includedNamespaces: ["nginx-example"] });
    const backup = await agent.waitForBackup("nginx-backup", undefined, timeoutMs);
    assert.equal(backup.status?.phase, "Completed", JSON.stringify(backup.status));
    const dir = join(bucketDir, "backups", "nginx-backup");
    assert.deepEqual(
      (await listKeys(bucketDir)).filter((k) => k.startsWith("backups/nginx-backup/")),
      sideFiles("nginx-backup"),
    );
    const archive = await readStoredArchive(join(dir, "nginx-backup.tar.gz"));
    assert.equal(archive.paths[0], "metadata/version");
    assert.equal(archive.version, "1.1.0");

    const types = (
      await kubectl([
        "api-resources",
        "--namespaced=true",
        "--verbs=list,create,get,delete",
        "-o",
        "name",
      ])
    )
      .split("\n")
      .filter((t) => t !== "" && !t.startsWith("events"));
    const listed = JSON.parse(
      await kubectl(["get", types.join(","), "-n", "nginx-example", "-o", "json"]),
    ) as { items: { kind: string; metadata: { name: string } }[] };
    const expected = new Set([
      "namespaces:nginx-example",
      ...listed.items.map((o) => {
        const type = catalog.resolve(o.kind);
        const gr = type.group === "" ? type.resource : `${type.resource}.${type.group}`;
        return `${gr}:nginx-example/${o.metadata.name}`;
      }),
    ]);
    assert.ok(expected.has("deployments.apps:nginx-example/nginx-deployment"));
    assert.ok(expected.has("services:nginx-example/my-nginx"));
    assert.deepEqual(idsOf(archive), expected);
    await assertItemsMatchApi(archive);

    assert.equal(backup.status.progress?.itemsBackedUp, archive.items.size);
    assert.equal(backup.status.progress.totalItems, archive.items.size);
    const resourceList = (await readGzipJson(
      join(dir, "nginx-backup-resource-list.json.gz"),
    )) as Record<string, string[]>;
    assert.deepEqual(resourceList["apps/v1/Deployment"], ["nginx-example/nginx-deployment"]);
    assert.deepEqual(resourceList["v1/Namespace"], ["nginx-example"]);
    assert.deepEqual(resourceList["v1/Service"], ["nginx-example/my-nginx"]);
    const stored = JSON.parse(await readFile(join(dir, "velero-backup.json"), "utf8")) as Backup;
    assert.equal(stored.kind, "Backup");
    assert.equal(stored.status?.phase, "Completed");
    assert.deepEqual(stored.spec.includedNamespaces, ["nginx-example"]);
    assert.equal(stored.spec.storageLocation, "default");
    assert.deepEqual(stored.status.progress, backup.status.progress);
    assert.equal(stored.status.completionTimestamp, backup.status.completionTimestamp);

    const log = await readGzipText(join(dir, "nginx-backup-logs.gz"));
    assert.match(log, /^time="[^"]+" level=info msg=/m);
    assert.match(log, /msg="Backing up item" .*name=nginx-deployment .*resource=deployments.apps/);
    assert.match(log, new RegExp(`msg="Backed up a total of ${String(archive.items.size)} items"`));
  });

  it("answers a DownloadRequest for the log with a URL whose body is the uploaded log", async () => {
    const velero = agent.ctx.velero;
    await velero.downloadRequests.create({
      apiVersion: "velero.io/v1",
      kind: "DownloadRequest",
      metadata: { name: "nginx-backup-log", namespace: velero.namespace },
      spec: { target: { kind: "BackupLog", name: "nginx-backup" } },
    });
    const deadline = Date.now() + timeoutMs;
    let url: string | undefined;
    while (url === undefined) {
      const request = await velero.downloadRequests.get("nginx-backup-log");
      if (request.status?.phase === "Processed") url = request.status.downloadURL;
      else if (Date.now() > deadline) assert.fail(`not processed: ${JSON.stringify(request)}`);
      else await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const body = await readFile(fileURLToPath(url.split("?")[0] ?? ""));
    const uploaded = await readFile(join(bucketDir, "backups/nginx-backup/nginx-backup-logs.gz"));
    assert.deepEqual(body, uploaded);
    assert.match(gunzipSync(body).toString("utf8"), /msg="Backing up item"/);
  });
});

describe("backups of selected namespaces (includeClusterResources unset)", () => {
  const filtersA = [
    "namespaces:filters-a",
    "pods:filters-a/app-pod",
    "persistentvolumeclaims:filters-a/data-claim",
    "persistentvolumes:pv-data",
    "configmaps:filters-a/cm-web",
    "configmaps:filters-a/cm-db",
    "configmaps:filters-a/cm-app",
    "configmaps:filters-a/kube-root-ca.crt",
    "secrets:filters-a/s1",
    "serviceaccounts:filters-a/default",
    "clusterrolebindings.rbac.authorization.k8s.io:e2e-reader",
    "clusterroles.rbac.authorization.k8s.io:e2e-reader",
  ];
  const filtersB = [
    "namespaces:filters-b",
    "configmaps:filters-b/cm-b",
    "configmaps:filters-b/kube-root-ca.crt",
    "serviceaccounts:filters-b/default",
    "widgets.e2e.example.com:filters-b/w1",
    "customresourcedefinitions.apiextensions.k8s.io:widgets.e2e.example.com",
  ];

  it("matches namespace globs and pulls in only related cluster-scoped items", async () => {
    const { backup, archive } = await backUp({ includedNamespaces: ["filters-*"] });
    assert.equal(backup.status?.phase, "Completed", JSON.stringify(backup.status));
    // PV via the pod's claim, RBAC via the service account, the CRD via its custom resource;
    // never the unrelated PV and role, the labelled or deleting configmaps, or snapshots.
    assert.deepEqual(idsOf(archive), new Set([...filtersA, ...filtersB]));
    await assertItemsMatchApi(archive);
  });

  it("leaves every cluster-scoped item out when includeClusterResources is false", async () => {
    const { archive } = await backUp({
      includedNamespaces: ["filters-a"],
      includeClusterResources: false,
    });
    assert.deepEqual(
      idsOf(archive),
      new Set(filtersA.filter((id) => /^[^:]+:[^/]+\/.+$/.test(id))),
    );
  });

  it("adds every cluster-scoped type when includeClusterResources is true", async () => {
    const { archive } = await backUp({
      includedNamespaces: ["filters-b"],
      includeClusterResources: true,
    });
    const ids = idsOf(archive);
    for (const id of [
      ...filtersB,
      "persistentvolumes:pv-unbound",
      "persistentvolumes:pv-data",
      "clusterroles.rbac.authorization.k8s.io:e2e-unrelated",
      "customresourcedefinitions.apiextensions.k8s.io:volumesnapshots.snapshot.storage.k8s.io",
    ]) {
      assert.ok(ids.has(id), `${id} missing`);
    }
    assert.ok(!ids.has("namespaces:filters-a"), "only the backup's namespaces are backed up");
    assert.ok(!ids.has("volumesnapshotcontents.snapshot.storage.k8s.io:snapcontent-1"));
    assert.ok(!ids.has("volumesnapshots.snapshot.storage.k8s.io:filters-b/snap-1"));
  });

  it("applies old and new resource filters", async () => {
    const old = await backUp({
      includedNamespaces: ["filters-a"],
      includedResources: ["configmaps"],
    });
    assert.deepEqual(
      idsOf(old.archive),
      new Set(filtersA.filter((id) => id.startsWith("configmaps:"))),
    );
    const scoped = await backUp({
      includedNamespaces: ["filters-a"],
      includedNamespaceScopedResources: ["secrets"],
    });
    assert.deepEqual(
      idsOf(scoped.archive),
      new Set(["namespaces:filters-a", "secrets:filters-a/s1"]),
    );
  });

  it("backs up what a label selector or any of the OR-ed selectors match, once each", async () => {
    const single = await backUp({
      includedNamespaces: ["filters-a"],
      labelSelector: { matchLabels: { tier: "web" } },
    });
    assert.deepEqual(
      idsOf(single.archive),
      new Set(["namespaces:filters-a", "configmaps:filters-a/cm-web"]),
    );
    const or = await backUp({
      includedNamespaces: ["filters-a"],
      orLabelSelectors: [{ matchLabels: { tier: "web" } }, { matchLabels: { app: "e2e" } }],
    });
    assert.deepEqual(
      idsOf(or.archive),
      new Set([
        "namespaces:filters-a",
        "configmaps:filters-a/cm-web",
        "configmaps:filters-a/cm-app",
      ]),
    );
    assert.equal(or.archive.items.get("configmaps:filters-a/cm-web")?.paths.length, 2);
  });
});

describe("backups of every namespace", () => {
  it("back up cluster-scoped types directly, but never snapshots or excluded items", async () => {
    const { backup, archive } = await backUp({});
    assert.equal(backup.status?.phase, "Completed", JSON.stringify(backup.status));
    const ids = idsOf(archive);
    for (const id of [
      "namespaces:nginx-example",
      "namespaces:velero",
      "persistentvolumes:pv-unbound",
      "clusterroles.rbac.authorization.k8s.io:e2e-unrelated",
      "widgets.e2e.example.com:filters-b/w1",
      `backups.velero.io:velero/${backup.metadata.name ?? ""}`,
    ]) {
      assert.ok(ids.has(id), `${id} missing`);
    }
    for (const id of [
      "volumesnapshots.snapshot.storage.k8s.io:filters-b/snap-1",
      "volumesnapshotcontents.snapshot.storage.k8s.io:snapcontent-1",
      "configmaps:filters-a/cm-excluded",
      "configmaps:filters-a/cm-deleting",
    ]) {
      assert.ok(!ids.has(id), `${id} backed up`);
    }
    assert.deepEqual(backup.spec.excludedNamespaceScopedResources, [
      "volumesnapshots.snapshot.storage.k8s.io",
    ]);
  });

  it("exclude namespaces labelled velero.io/exclude-from-backup=true", async () => {
    await apply(`
apiVersion: v1
kind: Namespace
metadata: {name: excluded-ns, labels: {velero.io/exclude-from-backup: "true"}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cm-x, namespace: excluded-ns}
`);
    const { backup, archive } = await backUp({ includedNamespaces: ["*"] });
    assert.deepEqual(backup.spec.excludedNamespaces, ["excluded-ns"]);
    const ids = idsOf(archive);
    assert.ok(ids.has("configmaps:filters-b/cm-b"));
    assert.ok(![...ids].some((id) => id.includes("excluded-ns")), "excluded-ns backed up");
    // An excluded namespace means the namespace filter is not "everything": cluster-scoped
    // types are then only pulled in as related items, as in Velero.
    assert.ok(!ids.has("persistentvolumes:pv-unbound"));
  });
});

describe("a backup with problems", () => {
  it("ends PartiallyFailed with its warnings and errors in the results file", async () => {
    const { backup } = await backUp({ includedNamespaces: ["warn-ns", "no-such-ns"] });
    const name = backup.metadata.name ?? "";
    assert.equal(backup.status?.phase, "PartiallyFailed", JSON.stringify(backup.status));
    assert.equal(backup.status.errors, 1);
    assert.equal(backup.status.warnings, 1);
    const results = (await readGzipJson(
      join(bucketDir, "backups", name, `${name}-results.gz`),
    )) as {
      errors: { velero?: string[] };
      warnings: { namespaces?: Record<string, string[]> };
    };
    assert.deepEqual(results.errors.velero, [
      " message: /fail to get the namespace no-such-ns specified in backup.Spec.IncludedNamespaces",
    ]);
    const warnings = results.warnings.namespaces?.["warn-ns"] ?? [];
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? "", /Additional item was not found in Kubernetes API/);
    const stored = JSON.parse(
      await readFile(join(bucketDir, "backups", name, "velero-backup.json"), "utf8"),
    ) as Backup;
    assert.equal(stored.status?.phase, "PartiallyFailed");
    assert.equal(stored.status.errors, 1);
  });
});
