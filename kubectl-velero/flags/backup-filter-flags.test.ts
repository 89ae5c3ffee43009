import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Command } from "commander";
import { normalizeBooleanFlags } from "./boolean-flags.js";
import {
  addBackupFilterFlags,
  buildBackupSpec,
  resourceNamesOf,
  validateBackupFilters,
  type BackupFilterOptions,
} from "./backup-filter-flags.js";

function parse(argv: string[]): BackupFilterOptions {
  const command = addBackupFilterFlags(new Command("create").argument("[name]")).exitOverride();
  let seen: BackupFilterOptions = {};
  command.action((_name: unknown, options: BackupFilterOptions) => {
    seen = options;
  });
  command.parse(normalizeBooleanFlags(command, argv), { from: "user" });
  return seen;
}

describe("backup filter flags → BackupSpec", () => {
  it("fills Velero's defaults when no flag is given", () => {
    assert.deepEqual(buildBackupSpec(parse(["b1"])), {
      metadata: {},
      includedNamespaces: ["*"],
      ttl: "0s",
      csiSnapshotTimeout: "0s",
      itemOperationTimeout: "0s",
      hooks: {},
    });
  });

  const cases: { flags: string[]; want: Record<string, unknown> }[] = [
    {
      flags: ["--include-namespaces", "a,b", "--exclude-namespaces", "c"],
      want: { includedNamespaces: ["a", "b"], excludedNamespaces: ["c"] },
    },
    {
      flags: ["--include-namespaces", "a", "--include-namespaces", "b"],
      want: { includedNamespaces: ["a", "b"] },
    },
    {
      flags: ["--include-resources", "pods,deployments.apps", "--exclude-resources", "secrets"],
      want: { includedResources: ["pods", "deployments.apps"], excludedResources: ["secrets"] },
    },
    {
      flags: ["--include-cluster-scoped-resources", "storageclasses.storage.k8s.io"],
      want: { includedClusterScopedResources: ["storageclasses.storage.k8s.io"] },
    },
    { flags: ["--ttl", "72h"], want: { ttl: "72h0m0s" } },
    { flags: ["--ttl", "90m"], want: { ttl: "1h30m0s" } },
    { flags: ["--snapshot-volumes=false"], want: { snapshotVolumes: false } },
    { flags: ["--snapshot-volumes"], want: { snapshotVolumes: true } },
    { flags: ["--include-cluster-resources"], want: { includeClusterResources: true } },
    { flags: ["--default-volumes-to-fs-backup"], want: { defaultVolumesToFsBackup: true } },
    { flags: ["--snapshot-move-data=true"], want: { snapshotMoveData: true } },
    {
      flags: ["-l", "app=nginx"],
      want: { labelSelector: { matchLabels: { app: "nginx" } } },
    },
    {
      flags: ["--or-selector", "a=b or c=d"],
      want: { orLabelSelectors: [{ matchLabels: { a: "b" } }, { matchLabels: { c: "d" } }] },
    },
    {
      flags: ["--storage-location", "s3", "--volume-snapshot-locations", "v1,v2"],
      want: { storageLocation: "s3", volumeSnapshotLocations: ["v1", "v2"] },
    },
    {
      flags: ["--ordered-resources", "pods=ns1/p1,ns1/p2;persistentvolumeclaims=ns1/pvc4"],
      want: { orderedResources: { pods: "ns1/p1,ns1/p2", persistentvolumeclaims: "ns1/pvc4" } },
    },
    {
      flags: ["--csi-snapshot-timeout", "20m", "--item-operation-timeout", "1h"],
      want: { csiSnapshotTimeout: "20m0s", itemOperationTimeout: "1h0m0s" },
    },
    {
      flags: ["--resource-policies-configmap", "policies"],
      want: { resourcePolicy: { kind: "configmap", name: "policies" } },
    },
    {
      flags: ["--parallel-files-upload", "4"],
      want: { uploaderConfig: { parallelFilesUpload: 4 } },
    },
    { flags: ["--parallel-files-upload", "0"], want: {} },
    { flags: ["--data-mover", "velero"], want: { datamover: "velero" } },
  ];
  for (const { flags, want } of cases) {
    it(`maps ${flags.join(" ")}`, () => {
      const spec = buildBackupSpec(parse(["b1", ...flags]));
      const defaults = buildBackupSpec({});
      assert.deepEqual(spec, { ...defaults, ...want });
    });
  }

  it("lists every resource name the filters mention, without '*'", () => {
    const options = parse(["--include-resources", "pods,*", "--exclude-resources", "secrets"]);
    assert.deepEqual(resourceNamesOf(options), ["pods", "secrets"]);
  });
});

describe("backup filter flags: refused input", () => {
  const refused: { flags: string[]; message: RegExp }[] = [
    { flags: ["-l", "a=b", "--or-selector", "c=d"], message: /not both/ },
    {
      flags: ["--include-resources", "pods", "--include-namespace-scoped-resources", "pods"],
      message: /old filter parameters[\s\S]*cannot be used together/,
    },
    {
      flags: ["--include-cluster-resources=false", "--exclude-cluster-scoped-resources", "x"],
      message: /cannot be used together/,
    },
    { flags: ["--exclude-namespaces", "*"], message: /excludes list cannot contain '\*'/ },
    {
      flags: ["--include-namespaces", "*,app"],
      message: /includes list must either contain '\*' only/,
    },
    {
      flags: ["--include-namespaces", "app", "--exclude-namespaces", "app"],
      message: /excludes list cannot contain an item in the includes list: app/,
    },
    { flags: ["--include-namespaces", "Bad_NS"], message: /invalid namespace "Bad_NS"/ },
    { flags: ["--include-namespaces", "app-**"], message: /consecutive asterisks/ },
    { flags: ["--include-namespaces", "app-[x"], message: /unclosed bracket/ },
  ];
  for (const { flags, message } of refused) {
    it(`refuses ${flags.join(" ")}`, () => {
      assert.throws(() => {
        validateBackupFilters(parse(["b1", ...flags]));
      }, message);
    });
  }

  it("accepts namespace globs", () => {
    validateBackupFilters(parse(["--include-namespaces", "app-*,db-?,web-[ab]"]));
  });

  const badValues: { flags: string[]; message: RegExp }[] = [
    { flags: ["--ttl", "3days"], message: /invalid duration "3days"/ },
    { flags: ["--ttl", "-1h"], message: /must not be negative/ },
    { flags: ["--parallel-files-upload", "-2"], message: /not a whole number/ },
    { flags: ["--ordered-resources", "pods"], message: /invalid OrderedResources 'pods'/ },
    { flags: ["-l", "bad key=x"], message: /invalid label key "bad key"/ },
    { flags: ["--snapshot-volumes=maybe"], message: /invalid argument "maybe"/ },
  ];
  for (const { flags, message } of badValues) {
    it(`rejects the value in ${flags.join(" ")}`, () => {
      assert.throws(() => parse(["b1", ...flags]), message);
    });
  }
});
