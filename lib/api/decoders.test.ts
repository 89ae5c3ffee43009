import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Backup } from "./backup.js";
import {
  decodeBackup,
  decodeBackupStorageLocation,
  decodeRestore,
  decodeVeleroObject,
  encodeBackupForStore,
  parseBackupFromStore,
} from "./decoders.js";
import { InvalidObjectError } from "./errors.js";

/** A velero-backup.json laid out by hand by Go's encoding/json rules for Velero's structs. */
const STORED_BACKUP = `{
  "kind": "Backup",
  "apiVersion": "velero.io/v1",
  "metadata": {
    "name": "nightly-20240301020000",
    "namespace": "velero",
    "uid": "0b6f1c7e-8a11-4f4e-9d1b-3a0c2e7f5d10",
    "resourceVersion": "4711",
    "generation": 3,
    "creationTimestamp": "2024-03-01T02:00:00Z",
    "labels": {
      "velero.io/schedule-name": "nightly",
      "velero.io/storage-location": "default"
    },
    "annotations": {
      "velero.io/resource-timeout": "10m0s",
      "velero.io/source-cluster-k8s-gitversion": "v1.32.4"
    }
  },
  "spec": {
    "metadata": {},
    "includedNamespaces": [
      "shop"
    ],
    "labelSelector": {
      "matchLabels": {
        "app": "db"
      },
      "matchExpressions": [
        {
          "key": "tier",
          "operator": "In",
          "values": [
            "primary"
          ]
        }
      ]
    },
    "snapshotVolumes": false,
    "ttl": "720h0m0s",
    "hooks": {
      "resources": [
        {
          "name": "flush",
          "pre": [
            {
              "exec": {
                "command": [
                  "sh",
                  "-c",
                  "sync \\u0026\\u0026 echo \\u003cdone\\u003e"
                ],
                "onError": "Fail",
                "timeout": "0s"
              }
            }
          ]
        }
      ]
    },
    "storageLocation": "default",
    "volumeSnapshotLocations": [
      "aws-east"
    ],
    "defaultVolumesToFsBackup": false,
    "csiSnapshotTimeout": "10m0s",
    "itemOperationTimeout": "4h0m0s",
    "resourcePolicy": {
      "apiGroup": null,
      "kind": "configmap",
      "name": "policies"
    },
    "snapshotMoveData": false
  },
  "status": {
    "version": 1,
    "formatVersion": "1.1.0",
    "expiration": "2024-03-31T02:00:00Z",
    "phase": "Completed",
    "startTimestamp": "2024-03-01T02:00:01Z",
    "completionTimestamp": "2024-03-01T02:03:30Z",
    "warnings": 2,
    "progress": {
      "totalItems": 120,
      "itemsBackedUp": 120
    },
    "hookStatus": {
      "hooksAttempted": 1
    }
  }
}`;

describe("encodeBackupForStore", () => {
  it("reproduces a velero-backup.json written by Go byte for byte after decoding it", () => {
    assert.equal(encodeBackupForStore(parseBackupFromStore(STORED_BACKUP)), STORED_BACKUP);
  });

  it("writes Go's zero values for fields Go always writes and drops empty omitempty ones", () => {
    const backup: Backup = {
      apiVersion: "velero.io/v1",
      kind: "Backup",
      metadata: { name: "b1", namespace: "velero", labels: {} },
      spec: { includedNamespaces: [], storageLocation: "", includeClusterResources: false },
    };
    assert.equal(
      encodeBackupForStore(backup),
      [
        "{",
        '  "kind": "Backup",',
        '  "apiVersion": "velero.io/v1",',
        '  "metadata": {',
        '    "name": "b1",',
        '    "namespace": "velero",',
        '    "creationTimestamp": null',
        "  },",
        '  "spec": {',
        '    "metadata": {},',
        '    "ttl": "0s",',
        '    "includeClusterResources": false,',
        '    "hooks": {},',
        '    "csiSnapshotTimeout": "0s",',
        '    "itemOperationTimeout": "0s"',
        "  },",
        '  "status": {}',
        "}",
      ].join("\n"),
    );
  });

  it("orders fields by Go declaration whatever order the object was built in", () => {
    const backup: Backup = {
      status: { phase: "New", version: 1 },
      spec: { ttl: "1h0m0s", includedNamespaces: ["a"] },
      metadata: { namespace: "velero", name: "b2" },
      kind: "Backup",
      apiVersion: "velero.io/v1",
    };
    const keys = Object.keys(JSON.parse(encodeBackupForStore(backup)) as object);
    assert.deepEqual(keys, ["kind", "apiVersion", "metadata", "spec", "status"]);
    assert.match(encodeBackupForStore(backup), /"version": 1,\n {4}"phase": "New"/);
    assert.match(encodeBackupForStore(backup), /"name": "b2",\n {4}"namespace": "velero"/);
  });
});

describe("decoders", () => {
  const backup = (patch: Record<string, unknown>): Record<string, unknown> => ({
    apiVersion: "velero.io/v1",
    kind: "Backup",
    metadata: { name: "b" },
    spec: {},
    ...patch,
  });
  const failures: readonly {
    name: string;
    decode: (json: unknown) => unknown;
    json: unknown;
    field: string;
  }[] = [
    { name: "a value that is not an object", decode: decodeBackup, json: [], field: "" },
    {
      name: "a missing kind",
      decode: decodeBackup,
      json: backup({ kind: undefined }),
      field: "kind",
    },
    {
      name: "another kind",
      decode: decodeBackup,
      json: backup({ kind: "Restore" }),
      field: "kind",
    },
    {
      name: "another API version",
      decode: decodeBackup,
      json: backup({ apiVersion: "velero.io/v2" }),
      field: "apiVersion",
    },
    {
      name: "a TTL that is not a Go duration",
      decode: decodeBackup,
      json: backup({ spec: { ttl: "5 days" } }),
      field: "spec.ttl",
    },
    {
      name: "a timestamp that is not RFC 3339",
      decode: decodeBackup,
      json: backup({ status: { startTimestamp: "yesterday" } }),
      field: "status.startTimestamp",
    },
    {
      name: "a string where a list is expected",
      decode: decodeBackup,
      json: backup({ spec: { includedNamespaces: "shop" } }),
      field: "spec.includedNamespaces",
    },
    {
      name: "a label value that is not a string",
      decode: decodeBackup,
      json: backup({ metadata: { name: "b", labels: { a: 1 } } }),
      field: "metadata.labels.a",
    },
    {
      name: "a fractional counter",
      decode: decodeBackup,
      json: backup({ status: { version: 1.5 } }),
      field: "status.version",
    },
    {
      name: "a hook command given as a string",
      decode: decodeBackup,
      json: backup({
        spec: { hooks: { resources: [{ name: "h", pre: [{ exec: { command: "ls" } }] }] } },
      }),
      field: "spec.hooks.resources[0].pre[0].exec.command",
    },
    {
      name: "an existing-resource policy Velero's controller rejects",
      decode: decodeRestore,
      json: {
        apiVersion: "velero.io/v1",
        kind: "Restore",
        metadata: {},
        spec: { existingResourcePolicy: "merge" },
      },
      field: "spec.existingResourcePolicy",
    },
    {
      name: "a CA bundle that is not base64",
      decode: decodeBackupStorageLocation,
      json: {
        apiVersion: "velero.io/v1",
        kind: "BackupStorageLocation",
        metadata: {},
        spec: { provider: "aws", objectStorage: { bucket: "b", caCert: "not base64!" } },
      },
      field: "spec.objectStorage.caCert",
    },
    {
      name: "a location without spec, so without provider",
      decode: decodeBackupStorageLocation,
      json: { apiVersion: "velero.io/v1", kind: "BackupStorageLocation", metadata: {} },
      field: "spec.provider",
    },
    {
      name: "a kind Velero does not define",
      decode: decodeVeleroObject,
      json: { kind: "Pod" },
      field: "kind",
    },
  ];
  for (const { name, decode, json, field } of failures) {
    it(`rejects ${name}, naming ${field === "" ? "the whole value" : field}`, () => {
      assert.throws(
        () => decode(json),
        (error: unknown) =>
          error instanceof InvalidObjectError &&
          error.field === field &&
          error.code === "InvalidObject",
      );
    });
  }

  it("drops nulls and unknown fields and fills a missing spec with Go's zero value", () => {
    const decoded = decodeBackup({
      apiVersion: "velero.io/v1",
      kind: "Backup",
      metadata: { name: "b", creationTimestamp: null, futureField: 1 },
      status: { phase: "Queued", queuePosition: 2, somethingNew: true },
    });
    assert.deepEqual(decoded, {
      kind: "Backup",
      apiVersion: "velero.io/v1",
      metadata: { name: "b" },
      spec: {},
      status: { phase: "Queued", queuePosition: 2 },
    });
  });

  it("keeps restore init containers verbatim", () => {
    const container = { name: "seed", image: "busybox", command: ["true"], env: [{ name: "A" }] };
    const restore = decodeRestore({
      apiVersion: "velero.io/v1",
      kind: "Restore",
      metadata: { name: "r" },
      spec: {
        backupName: "b",
        hooks: {
          resources: [{ name: "h", postHooks: [{ init: { initContainers: [container] } }] }],
        },
      },
    });
    assert.deepEqual(restore.spec.hooks?.resources?.[0]?.postHooks?.[0]?.init?.initContainers, [
      container,
    ]);
  });

  it("dispatches on kind and returns the kind's type", () => {
    const decoded = decodeVeleroObject({
      apiVersion: "velero.io/v2alpha1",
      kind: "DataUpload",
      metadata: { name: "du" },
      spec: {
        snapshotType: "CSI",
        sourcePVC: "data",
        backupStorageLocation: "default",
        sourceNamespace: "shop",
        operationTimeout: "10m0s",
      },
    });
    assert.ok(decoded.kind === "DataUpload");
    assert.equal(decoded.spec.operationTimeout, "10m0s");
  });

  it("refuses text that is not JSON", () => {
    assert.throws(() => parseBackupFromStore("{"), InvalidObjectError);
  });
});
