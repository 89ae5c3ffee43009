import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildMigrationReport, mappedItem, type ReportInput } from "./migration-report.js";
import { formatMigrationReport, renderMigrationReport } from "./render-migration-report.js";

const base: ReportInput = {
  from: "cluster1",
  to: "cluster2",
  backup: "migrate-x-1",
  restore: "migrate-x-1",
  restorePhase: "Completed",
  backupList: {
    "v1/Namespace": ["app"],
    "v1/ConfigMap": ["app/settings", "app/kube-root-ca.crt"],
    "apps/v1/Deployment": ["app/web"],
    "v1/Event": ["app/web.123"],
  },
  restoreList: {
    "v1/Namespace": ["app2(created)"],
    "v1/ConfigMap": ["app2/kube-root-ca.crt(skipped)", "app2/settings(created)"],
    "apps/v1/Deployment": ["app2/web(created)"],
  },
  results: {},
  namespaceMappings: { app: "app2" },
};

describe("the migration report", () => {
  it("counts per type and says everything arrived when all was created or identical", () => {
    const report = buildMigrationReport(base);
    assert.deepEqual(
      report.resources.find((r) => r.resource === "v1/ConfigMap"),
      {
        resource: "v1/ConfigMap",
        inBackup: 2,
        created: 1,
        updated: 0,
        skipped: 1,
        failed: 0,
        present: 0,
      },
    );
    assert.deepEqual(
      report.notArrived.map((m) => [m.item, m.byDesign]),
      [["app2/web.123", true]],
    );
    assert.equal(report.arrived, true);
    assert.match(renderMigrationReport(report), /Everything arrived\.\n$/);
  });

  it("reports an object skipped because a different one exists, with why", () => {
    const report = buildMigrationReport({
      ...base,
      restoreList: { ...base.restoreList, "apps/v1/Deployment": ["app2/web(skipped)"] },
      results: {
        warnings: {
          namespaces: {
            app2: [
              'could not restore, Deployment "web" already exists. Warning: the in-cluster version is different than the backed-up version',
            ],
          },
        },
      },
    });
    assert.equal(report.arrived, false);
    const missing = report.notArrived.filter((m) => !m.byDesign);
    assert.equal(missing.length, 1);
    const [first] = missing;
    assert.ok(first);
    assert.equal(first.item, "app2/web");
    assert.match(first.reason, /different content/);
    assert.deepEqual(report.warnings.length, 1);
  });

  it("does not count the target's own kube-root-ca.crt ConfigMap against the migration", () => {
    const report = buildMigrationReport({
      ...base,
      restoreList: {
        ...base.restoreList,
        "v1/ConfigMap": ["app2/kube-root-ca.crt(failed)", "app2/settings(created)"],
      },
      results: {
        warnings: {
          namespaces: {
            app2: [
              'could not restore, ConfigMap "kube-root-ca.crt" already exists. Warning: the in-cluster version is different than the backed-up version',
            ],
          },
        },
      },
    });
    assert.equal(report.arrived, true);
    assert.ok(report.notArrived.some((m) => m.item === "app2/kube-root-ca.crt" && m.byDesign));
  });

  it("gives failed items the restore's error about them and fails the migration", () => {
    const report = buildMigrationReport({
      ...base,
      restorePhase: "PartiallyFailed",
      restoreList: { ...base.restoreList, "apps/v1/Deployment": ["app2/web(failed)"] },
      results: {
        errors: {
          namespaces: { app2: ['error restoring deployments.apps/app2/web: "web" is invalid'] },
        },
      },
    });
    assert.equal(report.arrived, false);
    assert.equal(report.resources.find((r) => r.resource === "apps/v1/Deployment")?.failed, 1);
    assert.match(report.notArrived.find((m) => m.item === "app2/web")?.reason ?? "", /is invalid/);
    const text = renderMigrationReport(report);
    assert.match(text, /Did not arrive:\n {2}apps\/v1\/Deployment app2\/web: /);
    assert.match(text, /Restore errors:\n {2}app2: error restoring/);
    assert.match(
      text,
      /Not everything arrived: restore PartiallyFailed, 1 object did not arrive, 1 error\(s\)\./,
    );
  });

  it("counts a backed-up object the restore never handled as not arrived", () => {
    const report = buildMigrationReport({
      ...base,
      restoreList: { ...base.restoreList, "apps/v1/Deployment": [] },
    });
    assert.equal(report.arrived, false);
    assert.match(
      report.notArrived.find((m) => m.item === "app2/web")?.reason ?? "",
      /not restored/,
    );
  });

  it("counts objects found on the target when the restore's own list could not be read", () => {
    const report = buildMigrationReport({
      ...base,
      restoreList: {
        "v1/Namespace": ["app2(present)"],
        "v1/ConfigMap": ["app2/kube-root-ca.crt(present)", "app2/settings(present)"],
        "apps/v1/Deployment": [],
      },
      notes: ["looked up on the target"],
    });
    assert.equal(report.arrived, false);
    assert.deepEqual(
      report.notArrived.filter((m) => !m.byDesign).map((m) => m.item),
      ["app2/web"],
    );
    const text = renderMigrationReport(report);
    assert.match(text, /RESOURCE\s+IN BACKUP\s+ON TARGET\s+FAILED\n/);
    assert.match(text, /v1\/ConfigMap\s+2\s+2\s+0\n/);
    assert.match(text, /Notes:\n {2}looked up on the target\n/);
  });

  it("fails on failed pod volume restores and shows restored bytes", () => {
    const report = buildMigrationReport({
      ...base,
      podVolumes: { volumes: 2, completed: 1, failed: 1, bytesRestored: 3 * 1024 * 1024 },
    });
    assert.equal(report.arrived, false);
    assert.match(
      renderMigrationReport(report),
      /Pod volumes: 1 of 2 restored, 1 failed, 3\.0 MiB restored/,
    );
  });

  it("prints machine-readable JSON with the verdict", () => {
    const parsed = JSON.parse(formatMigrationReport(buildMigrationReport(base), "json")) as {
      arrived: boolean;
      resources: unknown[];
    };
    assert.equal(parsed.arrived, true);
    assert.equal(parsed.resources.length, 4);
  });

  it("maps namespaced items and leaves cluster-scoped ones alone", () => {
    const mappings = { app: "app2" };
    assert.equal(mappedItem("v1/Service", "app/web", mappings), "app2/web");
    assert.equal(mappedItem("v1/Service", "other/web", mappings), "other/web");
    assert.equal(mappedItem("v1/Namespace", "app", mappings), "app2");
    assert.equal(mappedItem("rbac.authorization.k8s.io/v1/ClusterRole", "app", mappings), "app");
  });
});
