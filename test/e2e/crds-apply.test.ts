// Velero's documented example manifests applied with the real kubectl to our CRDs on a local
// test cluster: valid ones are accepted unchanged, invalid ones refused naming the field.
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { invalidManifestCases } from "../fixtures/velero-manifests/cases.js";
import { startTestCluster } from "../helpers/local-cluster.js";

const root = new URL("../..", import.meta.url).pathname;
const manifests = join(root, "test/fixtures/velero-manifests");

const cluster = await startTestCluster({ name: "crds" });

describe("velero.io CRDs with the real kubectl", () => {
  it("are accepted and become Established", async () => {
    const applied = await cluster.kubectl(["apply", "-f", join(root, "crds")]);
    assert.equal(applied.code, 0, applied.stderr);
    const waited = await cluster.kubectl([
      "wait",
      "--for=condition=Established",
      "crd",
      "-l",
      "component=velero",
      "--timeout=30s",
    ]);
    assert.equal(waited.code, 0, waited.stderr);
    assert.equal(waited.stdout.trim().split("\n").length, 13);
    assert.equal((await cluster.kubectl(["create", "namespace", "velero"])).code, 0);
  });

  for (const file of readdirSync(manifests).filter((n) => n.endsWith(".yaml"))) {
    it(`applies ${file} unchanged`, async () => {
      const result = await cluster.kubectl(["apply", "-f", join(manifests, file)]);
      assert.equal(result.code, 0, result.stderr);
    });
  }

  it("shows the printer columns and short names of the locations", async () => {
    const result = await cluster.kubectl(["get", "bsl", "-n", "velero"]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^NAME\s+PHASE\s+LAST VALIDATED\s+AGE\s+DEFAULT/);
  });

  for (const { file, field } of invalidManifestCases) {
    it(`refuses invalid/${file} naming ${field}`, async () => {
      const result = await cluster.kubectl(["apply", "-f", join(manifests, "invalid", file)]);
      assert.notEqual(result.code, 0, `accepted: ${result.stdout}`);
      assert.ok(result.stderr.includes(field), `error does not name ${field}: ${result.stderr}`);
    });
  }
});
