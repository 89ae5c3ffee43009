import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Backup, Restore } from "../../lib/api/index.js";
import {
  decideResume,
  migrationId,
  migrationObjectName,
  unfinishedRestoreOf,
  type MigrationInputs,
} from "./migration-id.js";

const inputs: MigrationInputs = {
  from: "cluster1 https://a",
  to: "cluster2 https://b",
  fromNamespace: "velero",
  toNamespace: "velero",
  backupSpec: { includedNamespaces: ["app"], ttl: "0s" },
  namespaceMappings: { app: "app2", web: "web2" },
};

function backup(name: string, phase: string, created: string): Backup {
  return {
    apiVersion: "velero.io/v1",
    kind: "Backup",
    metadata: { name, creationTimestamp: created },
    spec: {},
    status: { phase: phase as never },
  };
}

function restore(name: string, backupName: string, phase: string, created: string): Restore {
  return {
    apiVersion: "velero.io/v1",
    kind: "Restore",
    metadata: { name, creationTimestamp: created },
    spec: { backupName },
    status: { phase: phase as never },
  };
}

describe("migration ids", () => {
  it("gives the same id for the same inputs whatever the key order of maps", () => {
    const reordered = { ...inputs, namespaceMappings: { web: "web2", app: "app2" } };
    assert.equal(migrationId(inputs), migrationId(reordered));
    assert.match(migrationId(inputs), /^[0-9a-f]{10}$/);
  });

  it("gives a different id when the target, a filter or a mapping changes", () => {
    const variants: MigrationInputs[] = [
      { ...inputs, to: "cluster3 https://c" },
      { ...inputs, backupSpec: { includedNamespaces: ["other"], ttl: "0s" } },
      { ...inputs, namespaceMappings: { app: "elsewhere" } },
      { ...inputs, existingResourcePolicy: "update" },
      { ...inputs, backupName: "nightly" },
    ];
    const ids = new Set([migrationId(inputs), ...variants.map(migrationId)]);
    assert.equal(ids.size, variants.length + 1);
  });

  it("names objects migrate-<id>-<UTC timestamp>", () => {
    const name = migrationObjectName("0123456789", new Date("2026-11-22T03:04:05Z"));
    assert.equal(name, "migrate-0123456789-20261122030405");
  });
});

describe("deciding whether to resume", () => {
  const cases: {
    name: string;
    backups: Backup[];
    restores: Restore[];
    expected: ReturnType<typeof decideResume>;
  }[] = [
    {
      name: "nothing exists: a new migration",
      backups: [],
      restores: [],
      expected: { action: "new" },
    },
    {
      name: "a backup in progress and no restore: resume with that backup",
      backups: [backup("m-1", "InProgress", "2026-01-01T00:00:00Z")],
      restores: [],
      expected: { action: "resume", backupName: "m-1", restoreName: undefined },
    },
    {
      name: "a completed backup and a restore in progress: resume both",
      backups: [backup("m-1", "Completed", "2026-01-01T00:00:00Z")],
      restores: [restore("m-1", "m-1", "InProgress", "2026-01-01T00:01:00Z")],
      expected: { action: "resume", backupName: "m-1", restoreName: "m-1" },
    },
    {
      name: "the newest backup's restore finished: a new migration (brings the target up to date)",
      backups: [backup("m-1", "Completed", "2026-01-01T00:00:00Z")],
      restores: [restore("m-1", "m-1", "Completed", "2026-01-01T00:01:00Z")],
      expected: { action: "new" },
    },
    {
      name: "a failed backup is not resumed",
      backups: [backup("m-1", "Failed", "2026-01-01T00:00:00Z")],
      restores: [],
      expected: { action: "new" },
    },
    {
      name: "the newest usable backup wins over an older finished migration",
      backups: [
        backup("m-1", "Completed", "2026-01-01T00:00:00Z"),
        backup("m-2", "Completed", "2026-01-02T00:00:00Z"),
      ],
      restores: [restore("m-1", "m-1", "Completed", "2026-01-01T00:01:00Z")],
      expected: { action: "resume", backupName: "m-2", restoreName: undefined },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(decideResume({ backups: c.backups, restores: c.restores }), c.expected);
    });
  }

  it("with a named backup, carries on with its unfinished restore only", () => {
    const restores = [
      restore("r-old", "nightly", "Completed", "2026-01-01T00:00:00Z"),
      restore("r-new", "nightly", "InProgress", "2026-01-02T00:00:00Z"),
      restore("r-other", "weekly", "InProgress", "2026-01-02T00:00:00Z"),
    ];
    assert.equal(unfinishedRestoreOf(restores, "nightly"), "r-new");
    assert.equal(unfinishedRestoreOf(restores.slice(0, 1), "nightly"), undefined);
  });
});
