import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ArchiveCatalog } from "./catalog.js";

describe("ArchiveCatalog", () => {
  const catalog = new ArchiveCatalog();
  for (const name of ["web-1", "web-0"]) {
    catalog.add({ groupResource: "pods", namespace: "shop", name });
    catalog.add({ groupResource: "pods", namespace: "shop", name, version: "v1", preferred: true });
  }
  catalog.add({ groupResource: "pods", namespace: "admin", name: "a" });
  catalog.add({ groupResource: "pods", namespace: "admin", name: "a" });
  catalog.add({ groupResource: "namespaces", name: "shop" });
  catalog.add({
    groupResource: "hpa.autoscaling",
    namespace: "n",
    name: "h",
    version: "v2",
    preferred: true,
  });
  catalog.add({ groupResource: "hpa.autoscaling", namespace: "n", name: "h", version: "v1" });

  it("counts each unversioned item once", () => {
    assert.equal(catalog.itemCount, 4);
  });

  it("lists resources and their items by namespace, sorted, with cluster scope under the empty namespace", () => {
    assert.deepEqual(catalog.groupResources(), ["hpa.autoscaling", "namespaces", "pods"]);
    assert.deepEqual(
      [...(catalog.items("pods")?.itemsByNamespace ?? [])],
      [
        ["admin", ["a"]],
        ["shop", ["web-0", "web-1"]],
      ],
    );
    assert.deepEqual([...(catalog.items("namespaces")?.itemsByNamespace ?? [])], [["", ["shop"]]]);
    assert.equal(catalog.items("secrets"), undefined);
  });

  it("keeps versioned copies apart from the unversioned ones", () => {
    assert.deepEqual(
      [...(catalog.items("pods", { version: "v1", preferred: true })?.itemsByNamespace ?? [])],
      [["shop", ["web-0", "web-1"]]],
    );
    assert.equal(catalog.items("hpa.autoscaling"), undefined);
    assert.ok(
      catalog.has({ groupResource: "hpa.autoscaling", namespace: "n", name: "h", version: "v1" }),
    );
    assert.ok(!catalog.has({ groupResource: "hpa.autoscaling", namespace: "n", name: "h" }));
  });

  it("reports stored versions and the preferred one, as Velero's ParseGroupVersions does", () => {
    assert.deepEqual(catalog.versions("hpa.autoscaling"), {
      preferred: "v2",
      versions: ["v1", "v2"],
    });
    assert.deepEqual(catalog.versions("namespaces"), { versions: [] });
  });
});

describe("ArchiveCatalog locations", () => {
  it("returns the newest location of an item and undefined for a missing one", () => {
    const catalog = new ArchiveCatalog();
    catalog.add({ groupResource: "pods", namespace: "a", name: "p" }, 3);
    catalog.add({ groupResource: "pods", namespace: "a", name: "p" }, 7);
    assert.equal(catalog.locate({ groupResource: "pods", namespace: "a", name: "p" }), 7);
    assert.equal(catalog.locate({ groupResource: "pods", namespace: "b", name: "p" }), undefined);
    assert.equal(catalog.itemCount, 1);
  });
});
