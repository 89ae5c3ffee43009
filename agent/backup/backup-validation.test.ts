import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { BackupSpec } from "../../lib/api/index.js";
import { applySpecDefaults, validateBackupSpec } from "./backup-validation.js";

const mixed =
  "include-resources, exclude-resources and include-cluster-resources are old filter parameters.\n" +
  "include-cluster-scoped-resources, exclude-cluster-scoped-resources, include-namespace-scoped-resources and exclude-namespace-scoped-resources are new filter parameters.\n" +
  "They cannot be used together";

describe("backup spec validation", () => {
  const cases: [string, BackupSpec, string[]][] = [
    ["an empty spec", {}, []],
    [
      "old and new filters together",
      { includedResources: ["pods"], includedClusterScopedResources: ["nodes"] },
      [mixed],
    ],
    [
      "includeClusterResources with new filters",
      { includeClusterResources: true, excludedNamespaceScopedResources: ["secrets"] },
      [mixed],
    ],
    [
      "* with other includes (old)",
      { includedResources: ["*", "pods"] },
      [
        "Invalid included/excluded resource lists: includes list must either contain '*' only, or a non-empty list of items",
      ],
    ],
    [
      "* in old excludes",
      { excludedResources: ["*"] },
      ["Invalid included/excluded resource lists: excludes list cannot contain '*'"],
    ],
    [
      "an item both included and excluded (old)",
      { includedResources: ["pods"], excludedResources: ["pods"] },
      [
        "Invalid included/excluded resource lists: excludes list cannot contain an item in the includes list: pods",
      ],
    ],
    [
      "* excluded with cluster includes (new)",
      { includedClusterScopedResources: ["nodes"], excludedClusterScopedResources: ["*"] },
      [
        "Invalid cluster-scoped included/excluded resource lists: when exclude is '*', include cannot have value",
      ],
    ],
    [
      "namespace-scoped item in both lists (new)",
      { includedNamespaceScopedResources: ["pods"], excludedNamespaceScopedResources: ["pods"] },
      [
        "Invalid namespace-scoped included/excluded resource lists: excludes list cannot contain an item in the includes list: pods",
      ],
    ],
    [
      "* in namespace excludes",
      { excludedNamespaces: ["*"] },
      [
        "Invalid included/excluded namespace lists: excludes list cannot contain '*'",
        "Invalid included/excluded namespace lists: excludes list cannot contain an item in the includes list: *",
      ],
    ],
    [
      "a namespace that is not a DNS label",
      { includedNamespaces: ["Bad_NS"] },
      [
        'Invalid included/excluded namespace lists: invalid namespace "Bad_NS": a namespace must be a DNS-1123 label',
      ],
    ],
    [
      "labelSelector with orLabelSelectors",
      {
        labelSelector: { matchLabels: { a: "b" } },
        orLabelSelectors: [{ matchLabels: { c: "d" } }],
      },
      [
        "encountered labelSelector as well as orLabelSelectors in backup spec, only one can be specified",
      ],
    ],
    [
      "namespace globs",
      { includedNamespaces: ["app-*", "web-?"], excludedNamespaces: ["app-x"] },
      [],
    ],
  ];
  for (const [name, spec, expected] of cases) {
    test(`gives Velero's messages for ${name}`, () => {
      assert.deepEqual(validateBackupSpec(spec), expected);
    });
  }
});

describe("server defaults of a backup spec", () => {
  const defaults = {
    defaultBackupTtlMs: 720 * 3_600_000,
    defaultVolumesToFsBackup: false,
    defaultSnapshotMoveData: false,
    storageLocation: "default",
    labelledExcludedNamespaces: [],
  };

  test("fills TTL, timeouts, the location and the scoped auto-exclusions of a plain spec", () => {
    assert.deepEqual(applySpecDefaults({}, defaults), {
      ttl: "720h0m0s",
      volumeGroupSnapshotLabelKey: "velero.io/volume-group",
      csiSnapshotTimeout: "10m0s",
      itemOperationTimeout: "4h0m0s",
      defaultVolumesToFsBackup: false,
      snapshotMoveData: false,
      storageLocation: "default",
      excludedClusterScopedResources: ["volumesnapshotcontents.snapshot.storage.k8s.io"],
      excludedNamespaceScopedResources: ["volumesnapshots.snapshot.storage.k8s.io"],
      includedNamespaces: ["*"],
    });
  });

  test("adds the auto-exclusions to the old lists, drops them from includes, keeps set values", () => {
    const spec = applySpecDefaults(
      {
        ttl: "24h0m0s",
        includedResources: ["pods", "volumesnapshots.snapshot.storage.k8s.io"],
        defaultVolumesToRestic: true,
        includedNamespaces: ["app"],
        excludedNamespaces: ["x"],
      },
      { ...defaults, labelledExcludedNamespaces: ["quiet"], volumeSnapshotLocations: ["aws-1"] },
    );
    assert.equal(spec.ttl, "24h0m0s");
    assert.deepEqual(spec.includedResources, ["pods"]);
    assert.deepEqual(spec.excludedResources, [
      "volumesnapshots.snapshot.storage.k8s.io",
      "volumesnapshotcontents.snapshot.storage.k8s.io",
    ]);
    assert.equal(spec.defaultVolumesToFsBackup, true);
    assert.deepEqual(spec.excludedNamespaces, ["x", "quiet"]);
    assert.deepEqual(spec.includedNamespaces, ["app"]);
    assert.deepEqual(spec.volumeSnapshotLocations, ["aws-1"]);
    assert.equal(spec.excludedClusterScopedResources, undefined);
  });

  test("is idempotent", () => {
    const once = applySpecDefaults({ includedResources: ["pods"] }, defaults);
    assert.deepEqual(applySpecDefaults(once, defaults), once);
  });
});
