// Reads an archive laid out by hand, in the test, exactly as Velero documents and writes one
// (regular files only, mode 0755, no directory entries, metadata/version first, each item
// unversioned and under <version>-preferredversion, compact sorted JSON), built with the
// `tar` package's low-level Header and Pax classes rather than with our writer.
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { describe, it } from "node:test";
import { extractArchive, readArchive } from "../../lib/archive/index.js";
import { buildTarGz, type RawEntry } from "../fixtures/archives/hand-made-tar.js";

/** Compact JSON with keys sorted at every level, as Go's json.Marshal writes a map. */
function goJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(goJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${goJson(record[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

const namespace = { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } };
const pods = ["web-0", "web-1"].map((name) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "shop", labels: { app: "web" } },
  spec: { containers: [{ name: "c", image: "nginx" }] },
}));
const deployment = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "api", namespace: "shop" },
  spec: { replicas: 2 },
};
const longName = "cm-" + "x".repeat(240);
const configMap = {
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name: longName, namespace: "shop" },
  data: { k: "v" },
};
const crd = {
  apiVersion: "apiextensions.k8s.io/v1",
  kind: "CustomResourceDefinition",
  metadata: { name: "widgets.example.com" },
};

function both(groupResource: string, scope: string, name: string, item: unknown): RawEntry[] {
  const body = goJson(item);
  return [
    { path: `resources/${groupResource}/${scope}/${name}.json`, body },
    { path: `resources/${groupResource}/v1-preferredversion/${scope}/${name}.json`, body },
  ];
}

const entries: RawEntry[] = [
  { path: "metadata/version", body: "1.1.0\n" },
  ...pods.flatMap((p) => both("pods", "namespaces/shop", p.metadata.name, p)),
  ...both("namespaces", "cluster", "shop", namespace),
  ...both("deployments.apps", "namespaces/shop", "api", deployment),
  ...both("configmaps", "namespaces/shop", longName, configMap),
  ...both("customresourcedefinitions.apiextensions.k8s.io", "cluster", crd.metadata.name, crd),
];
const archive = buildTarGz(entries);

describe("an archive laid out by hand as Velero writes one", () => {
  it("streams every entry back in order with its bytes", async () => {
    const seen: [string, string][] = [];
    for await (const entry of readArchive(Readable.from([archive]))) {
      seen.push([entry.path, entry.kind === "item" ? entry.body.toString() : entry.version.text]);
    }
    assert.deepEqual(
      seen,
      entries.map((e) => [e.path, e.path === "metadata/version" ? "1.1.0" : String(e.body)]),
    );
  });

  it("catalogs resources, namespaces, names and preferred versions, and reads each item", async () => {
    await using extracted = await extractArchive(Readable.from([archive]));
    const { catalog } = extracted;
    assert.equal(extracted.version?.text, "1.1.0");
    assert.equal(catalog.itemCount, 6);
    assert.deepEqual(catalog.groupResources(), [
      "configmaps",
      "customresourcedefinitions.apiextensions.k8s.io",
      "deployments.apps",
      "namespaces",
      "pods",
    ]);
    assert.deepEqual(
      [...(catalog.items("pods")?.itemsByNamespace ?? [])],
      [["shop", ["web-0", "web-1"]]],
    );
    assert.deepEqual([...(catalog.items("namespaces")?.itemsByNamespace ?? [])], [["", ["shop"]]]);
    assert.deepEqual(
      [
        ...(catalog.items("configmaps", { version: "v1", preferred: true })?.itemsByNamespace ??
          []),
      ],
      [["shop", [longName]]],
    );
    for (const gr of catalog.groupResources()) {
      assert.deepEqual(catalog.versions(gr), { preferred: "v1", versions: ["v1"] });
    }
    const read = (groupResource: string, name: string, ns?: string): Promise<unknown> =>
      extracted.readItem({ groupResource, namespace: ns, name });
    assert.deepEqual(await read("pods", "web-1", "shop"), pods[1]);
    assert.deepEqual(await read("namespaces", "shop"), namespace);
    assert.deepEqual(await read("deployments.apps", "api", "shop"), deployment);
    assert.deepEqual(await read("configmaps", longName, "shop"), configMap);
    assert.deepEqual(
      await read("customresourcedefinitions.apiextensions.k8s.io", crd.metadata.name),
      crd,
    );
  });
});
