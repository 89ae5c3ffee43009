import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { DownloadTargetKind, PodVolumeBackup } from "../../lib/api/index.js";
import { BackupBuilder } from "../../lib/api/index.js";
import { DownloadNotFoundError } from "../download/download-errors.js";
import { loadBackupDescription } from "./backup-description.js";
import { renderBackupDescriptionJson } from "./describe-backup-json.js";
import { renderBackupDescription } from "./describe-backup.js";

function completedBackup() {
  const backup = new BackupBuilder("velero", "nginx")
    .labels({ "velero.io/storage-location": "default" })
    .includedNamespaces("nginx")
    .storageLocation("default")
    .ttl("720h0m0s")
    .phase("PartiallyFailed")
    .startTimestamp("2026-01-09T12:00:00Z")
    .expiration("2026-02-08T12:00:00Z")
    .status({
      formatVersion: "1.1.0",
      completionTimestamp: "2026-01-09T12:00:05Z",
      progress: { totalItems: 3, itemsBackedUp: 3 },
      errors: 1,
    })
    .build();
  backup.spec.csiSnapshotTimeout = "10m0s";
  backup.spec.itemOperationTimeout = "4h0m0s";
  return backup;
}

function pvb(pod: string, volume: string, phase: string, bytes: number): PodVolumeBackup {
  return {
    apiVersion: "velero.io/v1",
    kind: "PodVolumeBackup",
    metadata: { name: `${pod}-${volume}`, namespace: "velero" },
    spec: {
      node: "n1",
      pod: { kind: "Pod", namespace: "nginx", name: pod },
      volume,
      backupStorageLocation: "default",
      repoIdentifier: "",
      uploaderType: "kopia",
    },
    status: { phase: phase as "Completed", progress: { totalBytes: bytes, bytesDone: bytes } },
  };
}

const files: Partial<Record<DownloadTargetKind, unknown>> = {
  BackupResults: { errors: { namespaces: { nginx: ["pod nginx/web: boom"] } }, warnings: {} },
  BackupVolumeInfos: [],
  BackupResourceList: { "v1/Pod": ["nginx/web"], "apps/v1/Deployment": ["nginx/web"] },
};

function fetcher(asked: DownloadTargetKind[]) {
  return (kind: DownloadTargetKind): Promise<Buffer> => {
    asked.push(kind);
    const body = files[kind];
    if (body === undefined) return Promise.reject(new DownloadNotFoundError());
    return Promise.resolve(Buffer.from(JSON.stringify(body)));
  };
}

const expectedText = `Name:         nginx
Namespace:    velero
Labels:       velero.io/storage-location=default
Annotations:  <none>

Phase:  PartiallyFailed (run \`kubectl velero backup logs nginx\` for more information)


Errors:
  Velero:     <none>
  Cluster:    <none>
  Namespaces:
    nginx:  pod nginx/web: boom

Namespaces:
  Included:  nginx
  Excluded:  <none>

Resources:
  Included:        *
  Excluded:        <none>
  Cluster-scoped:  auto

Label selector:  <none>

Or label selector:  <none>

Storage Location:  default

Velero-Native Snapshot PVs:  auto
Snapshot Move Data:          auto
Data Mover:                  velero

TTL:  720h0m0s

CSISnapshotTimeout:    10m0s
ItemOperationTimeout:  4h0m0s

Hooks:  <none>

Backup Format Version:  1.1.0

Started:    2026-01-09 12:00:00 +0000 UTC
Completed:  2026-01-09 12:00:05 +0000 UTC

Expiration:  2026-02-08 12:00:00 +0000 UTC

Total items to be backed up:  3
Items backed up:              3

Resource List:
  apps/v1/Deployment:
    - nginx/web
  v1/Pod:
    - nginx/web

Backup Volumes:
  Velero-Native Snapshots: <none included>

  CSI Snapshots: <none included>

  Pod Volume Backups - kopia:
    Completed:
      nginx/db: data (size: 2048)
      nginx/web: cache (size: 10), html (size: 100)
    In Progress:
      nginx/web: logs (50.00%)
`;

describe("backup describe", () => {
  it("prints Velero's description with results, resource list and pod volume backups", async () => {
    const asked: DownloadTargetKind[] = [];
    const inProgress = pvb("web", "logs", "InProgress", 0);
    inProgress.status = { phase: "InProgress", progress: { totalBytes: 200, bytesDone: 100 } };
    const data = await loadBackupDescription(
      completedBackup(),
      {
        deleteRequests: [],
        podVolumeBackups: [
          pvb("web", "html", "Completed", 100),
          pvb("db", "data", "Completed", 2048),
          pvb("web", "cache", "Completed", 10),
          inProgress,
        ],
      },
      { details: true, fetch: fetcher(asked) },
    );
    assert.equal(renderBackupDescription(data), expectedText);
    assert.deepEqual(asked.sort(), ["BackupResourceList", "BackupResults", "BackupVolumeInfos"]);
  });

  it("asks the bucket for nothing while the backup has not uploaded anything", async () => {
    const asked: DownloadTargetKind[] = [];
    const backup = new BackupBuilder("velero", "fresh").build();
    const data = await loadBackupDescription(
      backup,
      { deleteRequests: [], podVolumeBackups: [] },
      { details: true, fetch: fetcher(asked) },
    );
    assert.deepEqual(asked, []);
    const text = renderBackupDescription(data);
    assert.match(text, /^Phase: {2}New$/m);
    assert.match(text, /^Resource List: {2}<backup resource list not found>$/m);
    assert.match(text, /^ {2}CSI Snapshots: <none included or not detectable>$/m);
    assert.match(text, /^Started: {4}<n\/a>$/m);
    assert.match(text, /^Expiration: {2}<nil>$/m);
  });

  it("summarises pod volume backups per phase without --details", async () => {
    const data = await loadBackupDescription(
      completedBackup(),
      { deleteRequests: [], podVolumeBackups: [pvb("web", "html", "Completed", 1)] },
      { details: false, fetch: fetcher([]) },
    );
    assert.match(
      renderBackupDescription(data),
      /Pod Volume Backups - kopia \(specify --details for more information\):\n {4}Completed: {2}1\n/,
    );
  });

  it("shows the counts when an old backup has no results file, and failed deletions", async () => {
    const backup = completedBackup();
    const data = await loadBackupDescription(
      backup,
      {
        deleteRequests: [
          {
            apiVersion: "velero.io/v1",
            kind: "DeleteBackupRequest",
            metadata: { creationTimestamp: "2026-01-10T00:00:00Z" },
            spec: { backupName: "nginx" },
            status: { phase: "Processed", errors: ["backup is still in progress"] },
          },
        ],
        podVolumeBackups: [],
      },
      { details: false, fetch: () => Promise.reject(new DownloadNotFoundError()) },
    );
    const text = renderBackupDescription(data);
    assert.match(text, /\n\nErrors: {4}1\nWarnings: {2}0\n/);
    assert.match(
      text,
      /Deletion Attempts \(1 failed\):\n {2}2026-01-10 00:00:00 \+0000 UTC: Processed\n {2}Errors:\n {4}backup is still in progress\n$/,
    );
  });

  it("prints the structured description with -o json", async () => {
    const data = await loadBackupDescription(
      completedBackup(),
      { deleteRequests: [], podVolumeBackups: [] },
      { details: false, fetch: fetcher([]) },
    );
    const json = JSON.parse(renderBackupDescriptionJson(data)) as Record<string, unknown>;
    assert.deepEqual(json, {
      errors: { cluster: [], namespace: { nginx: ["pod nginx/web: boom"] }, velero: [] },
      metadata: {
        annotations: null,
        labels: { "velero.io/storage-location": "default" },
        name: "nginx",
        namespace: "velero",
      },
      phase: "PartiallyFailed",
      spec: {
        CSISnapshotTimeout: "10m0s",
        TTL: "720h0m0s",
        dataMover: "<none>",
        labelSelector: "<none>",
        namespaces: { excluded: "<none>", included: "nginx" },
        resources: { clusterScoped: "auto", excluded: "<none>", included: "*" },
        storageLocation: "default",
        veleroNativeSnapshotPVs: "auto",
        veleroSnapshotMoveData: "auto",
      },
      status: {
        backupFormatVersion: "1.1.0",
        backupVolumes: {
          csiSnapshots: "<none included>",
          nativeSnapshots: "<none included>",
          podVolumeBackups: "<none included>",
        },
        completed: "2026-01-09 12:00:05 +0000 UTC",
        expiration: "2026-02-08 12:00:00 +0000 UTC",
        itemsBackedUp: 3,
        started: "2026-01-09 12:00:00 +0000 UTC",
        totalItemsToBeBackedUp: 3,
      },
      warnings: {},
    });
    assert.match(renderBackupDescriptionJson(data), /^\{\n {4}"errors": \{/);
  });
});
