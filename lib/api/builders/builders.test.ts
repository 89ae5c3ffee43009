import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { KINDS } from "../group.js";
import { decodeVeleroObject } from "../decoders.js";
import { BackupBuilder } from "./backup-builder.js";
import {
  BackupRepositoryBuilder,
  DataDownloadBuilder,
  DataUploadBuilder,
  PodVolumeBackupBuilder,
  PodVolumeRestoreBuilder,
} from "./data-movement-builders.js";
import {
  DeleteBackupRequestBuilder,
  DownloadRequestBuilder,
  ServerStatusRequestBuilder,
} from "./request-builders.js";
import { RestoreBuilder } from "./restore-builder.js";
import { ScheduleBuilder } from "./schedule-builder.js";
import {
  BackupStorageLocationBuilder,
  VolumeSnapshotLocationBuilder,
} from "./storage-location-builders.js";

describe("builders", () => {
  it("build a Backup fluently, with times formatted as metav1.Time", () => {
    const backup = new BackupBuilder("velero", "b1")
      .includedNamespaces("app")
      .ttl("24h0m0s")
      .labels({ "velero.io/storage-location": "default" })
      .phase("Completed")
      .startTimestamp(new Date("2024-03-01T02:00:00.500Z"))
      .build();
    assert.deepEqual(backup, {
      apiVersion: "velero.io/v1",
      kind: "Backup",
      metadata: {
        namespace: "velero",
        name: "b1",
        labels: { "velero.io/storage-location": "default" },
      },
      spec: { includedNamespaces: ["app"], ttl: "24h0m0s" },
      status: { phase: "Completed", startTimestamp: "2024-03-01T02:00:00Z" },
    });
  });

  it("return independent copies from each build", () => {
    const builder = new RestoreBuilder("velero", "r1").backup("b1");
    const first = builder.build();
    const second = builder.includedNamespaces("shop").build();
    assert.equal(first.spec.includedNamespaces, undefined);
    assert.deepEqual(second.spec.includedNamespaces, ["shop"]);
  });

  it("exist for every kind and produce objects the decoders accept", () => {
    const built = [
      new BackupBuilder("velero", "b").build(),
      new RestoreBuilder("velero", "r").backup("b").existingResourcePolicy("update").build(),
      new ScheduleBuilder("velero", "s").cron("@every 6h").paused(true).build(),
      new BackupStorageLocationBuilder("velero", "default")
        .provider("aws")
        .bucket("backups", "cluster-a")
        .accessMode("ReadOnly")
        .build(),
      new VolumeSnapshotLocationBuilder("velero", "vsl").provider("aws").build(),
      new PodVolumeBackupBuilder("velero", "pvb").spec({ node: "n1", volume: "data" }).build(),
      new PodVolumeRestoreBuilder("velero", "pvr").build(),
      new DeleteBackupRequestBuilder("velero", "b-x", "b").build(),
      new DownloadRequestBuilder("velero", "d").target("BackupContents", "b").build(),
      new ServerStatusRequestBuilder("velero", "ssr").build(),
      new BackupRepositoryBuilder("velero", "app-default-kopia")
        .spec({ repositoryType: "kopia" })
        .build(),
      new DataUploadBuilder("velero", "du").build(),
      new DataDownloadBuilder("velero", "dd").build(),
    ];
    assert.deepEqual(
      built.map((o) => o.kind),
      KINDS.map((k) => k.kind),
    );
    for (const object of built) assert.deepEqual(decodeVeleroObject(object), object);
  });
});
