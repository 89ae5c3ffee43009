import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { veleroCrdNames, veleroCrds } from "./crds.js";

const crdDir = join(import.meta.dirname, "..", "..", "crds");

describe("the CRDs install creates", () => {
  it("are exactly the committed crds/*.yaml, object for object", async () => {
    const files = (await readdir(crdDir)).filter((f) => f.endsWith(".yaml"));
    const fromFiles = await Promise.all(
      files.map(async (f) => parse(await readFile(join(crdDir, f), "utf8")) as unknown),
    );
    const byName = (o: unknown): string => (o as { metadata: { name: string } }).metadata.name;
    const sorted = (list: unknown[]): unknown[] =>
      [...list].sort((a, b) => byName(a).localeCompare(byName(b)));
    assert.equal(files.length, 13);
    assert.deepEqual(sorted(veleroCrds()), sorted(fromFiles));
  });

  it("come in Velero's order, v1 kinds first, each labelled component=velero", () => {
    const names = veleroCrdNames();
    assert.deepEqual(names.slice(0, 2), ["backuprepositories.velero.io", "backups.velero.io"]);
    assert.deepEqual(names.slice(-2), ["datadownloads.velero.io", "datauploads.velero.io"]);
    for (const crd of veleroCrds()) assert.deepEqual(crd.metadata?.labels, { component: "velero" });
  });
});
