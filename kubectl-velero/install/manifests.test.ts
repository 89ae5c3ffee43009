import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseAgentConfig } from "../../agent/config.js";
import type { KubeObject } from "../../lib/kube/index.js";
import { agentServerArgs } from "./agent-deployment.js";
import type { InstallSettings } from "./install-settings.js";
import { buildInstallObjects } from "./manifests.js";

const base: InstallSettings = {
  namespace: "velero",
  image: "ghcr.io/kubectl-velero/velero:v0.1.0",
  backupLocation: {
    provider: "aws",
    bucket: "backups",
    prefix: "",
    config: { region: "us-east-1" },
  },
  snapshotLocation: { provider: "aws", config: {} },
  cloudCredentials: new TextEncoder().encode("[default]\n"),
  repositoryPassword: "fixed-password",
  serviceAccountAnnotations: {},
  podAnnotations: {},
  podLabels: {},
  agentResources: {
    requests: { cpu: "500m", memory: "128Mi" },
    limits: { cpu: "1", memory: "512Mi" },
  },
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

function find(objects: KubeObject[], kind: string, name?: string): KubeObject {
  const found = objects.find(
    (o) => o.kind === kind && (name === undefined || o.metadata?.name === name),
  );
  assert.ok(found, `${kind}/${name ?? "*"} is generated`);
  return found;
}

function podSpec(workload: KubeObject): Record<string, unknown> {
  return (workload["spec"] as { template: { spec: Record<string, unknown> } }).template.spec;
}

function container(workload: KubeObject): Record<string, unknown> {
  return (podSpec(workload)["containers"] as Record<string, unknown>[])[0]!;
}

const credentialEnv = [
  "GOOGLE_APPLICATION_CREDENTIALS",
  "AWS_SHARED_CREDENTIALS_FILE",
  "AZURE_CREDENTIALS_FILE",
  "ALIBABA_CLOUD_CREDENTIALS_FILE",
].map((name) => ({ name, value: "/credentials/cloud" }));

const affinity = {
  nodeAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [
        { matchExpressions: [{ key: "kubernetes.io/os", operator: "NotIn", values: ["windows"] }] },
      ],
    },
  },
};

describe("installation manifests", () => {
  it("lists the objects in Velero's order after the 13 CRDs", () => {
    const ids = buildInstallObjects(base).map((o) => `${o.kind ?? ""}/${o.metadata?.name ?? ""}`);
    assert.equal(ids.filter((id) => id.startsWith("CustomResourceDefinition/")).length, 13);
    assert.deepEqual(ids.slice(13), [
      "Namespace/velero",
      "ClusterRoleBinding/velero",
      "ServiceAccount/velero",
      "Secret/cloud-credentials",
      "Secret/velero-repo-credentials",
      "BackupStorageLocation/default",
      "VolumeSnapshotLocation/default",
      "Deployment/velero",
      "DaemonSet/node-agent",
    ]);
  });

  it("labels every object component=velero and the namespace for privileged pods", () => {
    const objects = buildInstallObjects(base);
    for (const o of objects) assert.equal(o.metadata?.labels?.["component"], "velero");
    assert.deepEqual(find(objects, "Namespace").metadata?.labels, {
      component: "velero",
      "pod-security.kubernetes.io/enforce": "privileged",
      "pod-security.kubernetes.io/enforce-version": "latest",
      "pod-security.kubernetes.io/audit": "privileged",
      "pod-security.kubernetes.io/audit-version": "latest",
      "pod-security.kubernetes.io/warn": "privileged",
      "pod-security.kubernetes.io/warn-version": "latest",
    });
  });

  it("binds the velero ServiceAccount to cluster-admin, named after a non-default namespace", () => {
    const crb = find(buildInstallObjects({ ...base, namespace: "backup" }), "ClusterRoleBinding");
    assert.equal(crb.metadata?.name, "velero-backup");
    assert.deepEqual(crb["subjects"], [
      { kind: "ServiceAccount", namespace: "backup", name: "velero" },
    ]);
    assert.deepEqual(crb["roleRef"], {
      apiGroup: "rbac.authorization.k8s.io",
      kind: "ClusterRole",
      name: "cluster-admin",
    });
  });

  it("stores the secret file under key cloud and the repository password under repository-password", () => {
    const objects = buildInstallObjects(base);
    assert.deepEqual(find(objects, "Secret", "cloud-credentials")["data"], {
      cloud: Buffer.from("[default]\n").toString("base64"),
    });
    assert.deepEqual(find(objects, "Secret", "velero-repo-credentials")["data"], {
      "repository-password": Buffer.from("fixed-password").toString("base64"),
    });
  });

  it("makes the backup storage location the default one, with prefix and CA bundle when given", () => {
    const objects = buildInstallObjects({
      ...base,
      backupLocation: {
        ...base.backupLocation!,
        prefix: "cluster-a",
        caCert: new Uint8Array([65]),
      },
    });
    assert.deepEqual(find(objects, "BackupStorageLocation")["spec"], {
      provider: "aws",
      objectStorage: { bucket: "backups", prefix: "cluster-a", caCert: "QQ==" },
      default: true,
      config: { region: "us-east-1" },
    });
  });

  it("gives the agent Deployment Velero's pod template", () => {
    const deployment = find(buildInstallObjects(base), "Deployment");
    const spec = deployment["spec"] as Record<string, unknown>;
    assert.deepEqual(spec["selector"], { matchLabels: { deploy: "velero" } });
    assert.deepEqual((spec["template"] as { metadata: unknown }).metadata, {
      labels: { component: "velero", deploy: "velero" },
      annotations: {
        "prometheus.io/scrape": "true",
        "prometheus.io/port": "8085",
        "prometheus.io/path": "/metrics",
      },
    });
    assert.deepEqual(podSpec(deployment), {
      restartPolicy: "Always",
      serviceAccountName: "velero",
      os: { name: "linux" },
      affinity,
      containers: [
        {
          name: "velero",
          image: "ghcr.io/kubectl-velero/velero:v0.1.0",
          imagePullPolicy: "IfNotPresent",
          command: ["/velero"],
          args: ["server", "--uploader-type=kopia"],
          ports: [{ name: "metrics", containerPort: 8085 }],
          env: [
            { name: "VELERO_SCRATCH_DIR", value: "/scratch" },
            {
              name: "VELERO_NAMESPACE",
              valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } },
            },
            { name: "LD_LIBRARY_PATH", value: "/plugins" },
            ...credentialEnv,
          ],
          volumeMounts: [
            { name: "plugins", mountPath: "/plugins" },
            { name: "scratch", mountPath: "/scratch" },
            { name: "cloud-credentials", mountPath: "/credentials" },
          ],
          resources: {
            requests: { cpu: "500m", memory: "128Mi" },
            limits: { cpu: "1", memory: "512Mi" },
          },
        },
      ],
      volumes: [
        { name: "plugins", emptyDir: {} },
        { name: "scratch", emptyDir: {} },
        {
          name: "cloud-credentials",
          secret: { secretName: "cloud-credentials", defaultMode: 0o444 },
        },
      ],
    });
  });

  it("gives the node-agent DaemonSet the host pod directory at /host_pods and runs it as root", () => {
    const daemonSet = find(buildInstallObjects(base), "DaemonSet");
    const spec = daemonSet["spec"] as Record<string, unknown>;
    assert.deepEqual(spec["selector"], { matchLabels: { name: "node-agent" } });
    assert.deepEqual((spec["template"] as { metadata: unknown }).metadata, {
      labels: { component: "velero", name: "node-agent", role: "node-agent" },
    });
    assert.deepEqual(podSpec(daemonSet), {
      serviceAccountName: "velero",
      securityContext: { runAsUser: 0 },
      affinity,
      containers: [
        {
          name: "node-agent",
          image: "ghcr.io/kubectl-velero/velero:v0.1.0",
          imagePullPolicy: "IfNotPresent",
          command: ["/velero"],
          args: ["node-agent", "server"],
          ports: [{ name: "metrics", containerPort: 8085 }],
          securityContext: { privileged: false },
          env: [
            { name: "NODE_NAME", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } },
            {
              name: "VELERO_NAMESPACE",
              valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } },
            },
            { name: "VELERO_SCRATCH_DIR", value: "/scratch" },
            ...credentialEnv,
          ],
          volumeMounts: [
            { name: "host-pods", mountPath: "/host_pods", mountPropagation: "HostToContainer" },
            {
              name: "host-plugins",
              mountPath: "/var/lib/kubelet/plugins",
              mountPropagation: "HostToContainer",
            },
            { name: "scratch", mountPath: "/scratch" },
            { name: "cloud-credentials", mountPath: "/credentials" },
          ],
          resources: {},
        },
      ],
      volumes: [
        { name: "host-pods", hostPath: { path: "/var/lib/kubelet/pods" } },
        { name: "host-plugins", hostPath: { path: "/var/lib/kubelet/plugins" } },
        { name: "scratch", emptyDir: {} },
        {
          name: "cloud-credentials",
          secret: { secretName: "cloud-credentials", defaultMode: 0o444 },
        },
      ],
    });
  });

  it("follows a custom kubelet root, privileged mode and a disabled host path", () => {
    const custom = buildInstallObjects({
      ...base,
      nodeAgent: { ...base.nodeAgent!, kubeletRootDir: "/data/kubelet", privileged: true },
    });
    const volumes = podSpec(find(custom, "DaemonSet"))["volumes"] as {
      hostPath?: { path: string };
    }[];
    assert.deepEqual(
      volumes.flatMap((v) => (v.hostPath === undefined ? [] : [v.hostPath.path])),
      ["/data/kubelet/pods", "/data/kubelet/plugins"],
    );
    assert.deepEqual(container(find(custom, "DaemonSet"))["securityContext"], { privileged: true });
    const noHost = buildInstallObjects({
      ...base,
      nodeAgent: { ...base.nodeAgent!, disableHostPath: true },
    });
    const names = (podSpec(find(noHost, "DaemonSet"))["volumes"] as { name: string }[]).map(
      (v) => v.name,
    );
    assert.deepEqual(names, ["scratch", "cloud-credentials"]);
  });

  it("leaves out the Secret, its volume and its env with --no-secret", () => {
    const { cloudCredentials: _, ...noSecret } = base;
    const objects = buildInstallObjects(noSecret);
    assert.equal(objects.filter((o) => o.metadata?.name === "cloud-credentials").length, 0);
    for (const kind of ["Deployment", "DaemonSet"]) {
      const workload = find(objects, kind);
      const env = (container(workload)["env"] as { name: string }[]).map((e) => e.name);
      assert.ok(!env.includes("AWS_SHARED_CREDENTIALS_FILE"), `${kind} has no credentials env`);
      const volumes = (podSpec(workload)["volumes"] as { name: string }[]).map((v) => v.name);
      assert.ok(!volumes.includes("cloud-credentials"), `${kind} has no credentials volume`);
    }
  });

  it("uses an existing service account instead of creating RBAC", () => {
    const objects = buildInstallObjects({ ...base, serviceAccountName: "backup-sa" });
    assert.equal(
      objects.filter((o) => o.kind === "ClusterRoleBinding" || o.kind === "ServiceAccount").length,
      0,
    );
    assert.equal(podSpec(find(objects, "Deployment"))["serviceAccountName"], "backup-sa");
    assert.equal(podSpec(find(objects, "DaemonSet"))["serviceAccountName"], "backup-sa");
  });

  it("adds user labels and annotations to both pod templates and SA annotations to the ServiceAccount", () => {
    const objects = buildInstallObjects({
      ...base,
      podLabels: { team: "ops" },
      podAnnotations: { "example.com/note": "x" },
      serviceAccountAnnotations: {
        "iam.gke.io/gcp-service-account": "sa@p.iam.gserviceaccount.com",
      },
    });
    const template = (
      kind: string,
    ): { labels: Record<string, string>; annotations?: Record<string, string> } =>
      (
        find(objects, kind)["spec"] as {
          template: { metadata: { labels: Record<string, string> } };
        }
      ).template.metadata;
    assert.equal(template("Deployment").labels["team"], "ops");
    assert.equal(template("Deployment").labels["deploy"], "velero");
    assert.equal(template("DaemonSet").labels["team"], "ops");
    assert.equal(template("Deployment").annotations?.["example.com/note"], "x");
    assert.deepEqual(template("DaemonSet").annotations, { "example.com/note": "x" });
    assert.deepEqual(find(objects, "ServiceAccount").metadata?.annotations, {
      "iam.gke.io/gcp-service-account": "sa@p.iam.gserviceaccount.com",
    });
  });

  it("omits the locations and the DaemonSet when not asked for", () => {
    const { backupLocation: _b, snapshotLocation: _s, nodeAgent: _n, ...bare } = base;
    const kinds = buildInstallObjects(bare).map((o) => o.kind);
    for (const kind of ["BackupStorageLocation", "VolumeSnapshotLocation", "DaemonSet"]) {
      assert.ok(!kinds.includes(kind), `no ${kind}`);
    }
  });

  it("uses Always as pull policy for :latest and untagged images", () => {
    for (const [image, policy] of [
      ["repo/velero:latest", "Always"],
      ["repo/velero", "Always"],
      ["repo/velero:v1", "IfNotPresent"],
    ] as const) {
      const deployment = find(buildInstallObjects({ ...base, image }), "Deployment");
      assert.equal(container(deployment)["imagePullPolicy"], policy, image);
    }
  });

  it("passes server settings with the agent's flag names", () => {
    assert.deepEqual(
      agentServerArgs({
        features: ["EnableCSI", "X"],
        uploaderType: "kopia",
        defaultVolumesToFsBackup: true,
        defaultSnapshotMoveData: true,
        scheduleSkipImmediately: true,
        backupSyncPeriod: "30s",
        garbageCollectionFrequency: "2h0m0s",
        podVolumeOperationTimeout: "6h0m0s",
        defaultRepoMaintainFrequency: "12h0m0s",
        concurrentBackups: 2,
      }),
      [
        "server",
        "--features=EnableCSI,X",
        "--default-volumes-to-fs-backup",
        "--default-snapshot-move-data",
        "--schedule-skip-immediately",
        "--uploader-type=kopia",
        "--backup-sync-period=30s",
        "--default-repo-maintain-frequency=12h0m0s",
        "--garbage-collection-frequency=2h0m0s",
        "--fs-backup-timeout=6h0m0s",
        "--concurrent-backups=2",
      ],
    );
  });

  it("writes only server arguments the agent accepts, with the values meant", () => {
    const args = agentServerArgs({
      features: ["EnableCSI"],
      uploaderType: "kopia",
      defaultVolumesToFsBackup: true,
      defaultSnapshotMoveData: false,
      scheduleSkipImmediately: true,
      backupSyncPeriod: "30s",
      garbageCollectionFrequency: "2h0m0s",
      podVolumeOperationTimeout: "6h0m0s",
      defaultRepoMaintainFrequency: "12h0m0s",
      concurrentBackups: 2,
    });
    const config = parseAgentConfig(args.slice(1), { VELERO_NAMESPACE: "velero" });
    assert.deepEqual(config.features, ["EnableCSI"]);
    assert.equal(config.defaultVolumesToFsBackup, true);
    assert.equal(config.scheduleSkipImmediately, true);
    assert.equal(config.backupSyncPeriodMs, 30_000);
    assert.equal(config.garbageCollectionFrequencyMs, 2 * 3_600_000);
    assert.equal(config.fsBackupTimeoutMs, 6 * 3_600_000);
    assert.equal(config.defaultRepoMaintainFrequencyMs, 12 * 3_600_000);
    assert.equal(config.concurrentBackups, 2);
  });

  it("gives the node-agent the feature flags too", () => {
    const objects = buildInstallObjects({ ...base, server: { ...base.server, features: ["A"] } });
    assert.deepEqual(container(find(objects, "DaemonSet"))["args"], [
      "node-agent",
      "server",
      "--features=A",
    ]);
  });
});
