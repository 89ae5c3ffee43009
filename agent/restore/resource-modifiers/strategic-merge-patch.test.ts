import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { JsonObject } from "../json-merge-patch.js";
import { PatchError } from "./errors.js";
import { schemaFor, type TypeSchema } from "./patch-schema.js";
import { applyStrategicMergePatch } from "./strategic-merge-patch.js";
import { checkStrategicDirectives } from "./strategic-directives.js";
import { jsonAt, namesAt } from "./testing/json-at.js";

const podSchema = schemaFor("", "Pod") as TypeSchema;

function pod(spec: JsonObject, metadata: JsonObject = {}): JsonObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { name: "p", ...metadata }, spec };
}

const names = (list: unknown): unknown[] => (list as { name: string }[]).map((c) => c.name);

describe("applyStrategicMergePatch", () => {
  it("changes the image of the container named in the patch and keeps the others", () => {
    const original = pod({
      containers: [
        { name: "a", image: "a:1" },
        { name: "nginx", image: "nginx" },
      ],
    });
    const result = applyStrategicMergePatch(
      original,
      { spec: { containers: [{ name: "nginx", image: "nginx1" }] } },
      podSchema,
    );
    assert.deepEqual((result["spec"] as JsonObject)["containers"], [
      { name: "a", image: "a:1" },
      { name: "nginx", image: "nginx1" },
    ]);
    assert.equal(
      ((original["spec"] as JsonObject)["containers"] as JsonObject[])[1]?.["image"],
      "nginx",
    );
  });

  it("puts a container new to the list first, as the API server does", () => {
    const result = applyStrategicMergePatch(
      pod({ containers: [{ name: "a" }, { name: "b" }] }),
      { spec: { containers: [{ name: "new", image: "x" }] } },
      podSchema,
    );
    assert.deepEqual(names((result["spec"] as JsonObject)["containers"]), ["new", "a", "b"]);
  });

  it("merges env entries by name inside a container of a Deployment's template", () => {
    const schema = schemaFor("apps", "Deployment") as TypeSchema;
    const deployment: JsonObject = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: "c",
                env: [
                  { name: "A", value: "1" },
                  { name: "B", value: "2" },
                ],
              },
            ],
          },
        },
      },
    };
    const patch = {
      spec: {
        template: { spec: { containers: [{ name: "c", env: [{ name: "B", value: "3" }] }] } },
      },
    };
    const result = applyStrategicMergePatch(deployment, patch, schema);
    assert.deepEqual(jsonAt(result, "spec.template.spec.containers.0.env"), [
      { name: "A", value: "1" },
      { name: "B", value: "3" },
    ]);
  });

  it("replaces an nfs volume by a claim when the patch nulls nfs (Velero's example)", () => {
    const original = pod({
      volumes: [
        { name: "vol1", nfs: { path: "/x" } },
        { name: "vol2", emptyDir: {} },
      ],
    });
    const result = applyStrategicMergePatch(
      original,
      {
        spec: {
          volumes: [{ name: "vol1", nfs: null, persistentVolumeClaim: { claimName: "pvc1" } }],
        },
      },
      podSchema,
    );
    assert.deepEqual(jsonAt(result, "spec.volumes"), [
      { name: "vol1", persistentVolumeClaim: { claimName: "pvc1" } },
      { name: "vol2", emptyDir: {} },
    ]);
  });

  it("drops the keys $retainKeys does not list (any volume source replaced by a claim)", () => {
    const original = pod({ volumes: [{ name: "vol1", hostPath: { path: "/x" } }] });
    const patch = {
      spec: {
        volumes: [
          {
            $retainKeys: ["name", "persistentVolumeClaim"],
            name: "vol1",
            persistentVolumeClaim: { claimName: "pvc1" },
          },
        ],
      },
    };
    const result = applyStrategicMergePatch(original, patch, podSchema);
    assert.deepEqual(jsonAt(result, "spec.volumes"), [
      { name: "vol1", persistentVolumeClaim: { claimName: "pvc1" } },
    ]);
  });

  it("deletes a service port with $patch: delete and orders the list by $setElementOrder (Velero's example)", () => {
    const ports = [8001, 8000, 8002].map((port) => ({
      name: `p${String(port)}`,
      port,
      protocol: "TCP",
    }));
    const service: JsonObject = { apiVersion: "v1", kind: "Service", spec: { ports } };
    const patch: JsonObject = {
      spec: {
        "$setElementOrder/ports": [{ port: 8001 }, { port: 9000 }, { port: 8002 }],
        ports: [
          { name: "p9000", port: 9000, protocol: "TCP" },
          { $patch: "delete", port: 8000 },
        ],
      },
    };
    const result = applyStrategicMergePatch(service, patch, schemaFor("", "Service") as TypeSchema);
    assert.deepEqual(namesAt(result, "spec.ports", "port"), [8001, 9000, 8002]);
  });

  it("replaces a whole merging list with $patch: replace", () => {
    const result = applyStrategicMergePatch(
      pod({ containers: [{ name: "a" }, { name: "b" }] }),
      { spec: { containers: [{ $patch: "replace" }, { name: "only" }] } },
      podSchema,
    );
    assert.deepEqual((result["spec"] as JsonObject)["containers"], [{ name: "only" }]);
  });

  it("replaces a map with $patch: replace and empties it with $patch: delete", () => {
    const original = pod({}, { labels: { a: "1", b: "2" }, annotations: { x: "y" } });
    const result = applyStrategicMergePatch(
      original,
      { metadata: { labels: { $patch: "replace", c: "3" }, annotations: { $patch: "delete" } } },
      podSchema,
    );
    assert.deepEqual(jsonAt(result, "metadata.labels"), { c: "3" });
    assert.deepEqual(jsonAt(result, "metadata.annotations"), {});
  });

  it("merges a primitive list with a merge strategy and deletes from it with $deleteFromPrimitiveList", () => {
    const original = pod({}, { finalizers: ["a", "b"] });
    const added = applyStrategicMergePatch(
      original,
      { metadata: { finalizers: ["c", "a"] } },
      podSchema,
    );
    assert.deepEqual([...(jsonAt(added, "metadata.finalizers") as string[])].sort(), [
      "a",
      "b",
      "c",
    ]);
    const removed = applyStrategicMergePatch(
      original,
      { metadata: { "$deleteFromPrimitiveList/finalizers": ["a"] } },
      podSchema,
    );
    assert.deepEqual(jsonAt(removed, "metadata.finalizers"), ["b"]);
  });

  it("replaces lists that have no patch strategy (tolerations) and deletes fields set to null", () => {
    const original = pod(
      { tolerations: [{ key: "a" }, { key: "b" }], nodeSelector: { disk: "ssd" } },
      { labels: { a: "1", b: "2" } },
    );
    const result = applyStrategicMergePatch(
      original,
      {
        spec: { tolerations: [{ key: "c" }], nodeSelector: null },
        metadata: { labels: { a: null } },
      },
      podSchema,
    );
    assert.deepEqual(jsonAt(result, "spec.tolerations"), [{ key: "c" }]);
    assert.equal(jsonAt(result, "spec.nodeSelector"), undefined);
    assert.deepEqual(jsonAt(result, "metadata.labels"), { b: "2" });
  });

  const failures: [string, JsonObject, RegExp][] = [
    [
      "a list element without its merge key",
      { spec: { containers: [{ image: "x" }] } },
      /does not contain declared merge key: name/,
    ],
    [
      "$patch: merge in a list",
      { spec: { containers: [{ $patch: "merge", name: "a" }] } },
      /cannot yet be specified/,
    ],
    ["an unknown $patch value in a map", { spec: { $patch: "bogus" } }, /unknown patch type/],
    ["a list of lists", { metadata: { finalizers: [["a"]] } }, /lists of lists/],
    ["an unknown directive", { spec: { $bogus: 1 } }, /unsupported patch directive/],
    [
      "a field not listed in $retainKeys",
      { spec: { volumes: [{ $retainKeys: ["name"], name: "v", emptyDir: {} }] } },
      /not listed in \$retainKeys/,
    ],
  ];
  for (const [name, patch, message] of failures) {
    it(`fails on ${name}`, () => {
      const original = pod(
        { containers: [{ name: "a" }], volumes: [{ name: "v", emptyDir: {} }] },
        { finalizers: ["f"] },
      );
      assert.throws(
        () => applyStrategicMergePatch(original, patch, podSchema),
        (error: unknown) => {
          assert.ok(error instanceof PatchError);
          assert.match(error.message, message);
          return true;
        },
      );
    });
  }
});

describe("schemaFor", () => {
  it("describes built-in kinds and has none for custom resources", () => {
    assert.ok(schemaFor("apps", "Deployment"));
    assert.ok(
      schemaFor("", "ConfigMap"),
      "a built-in kind without list metadata has the generic schema",
    );
    assert.equal(schemaFor("example.com", "Widget"), undefined);
  });
});

describe("checkStrategicDirectives", () => {
  const cases: [string, JsonObject, RegExp | undefined][] = [
    [
      "accepts the supported directives",
      {
        spec: {
          $retainKeys: ["a"],
          "$setElementOrder/x": [],
          "$deleteFromPrimitiveList/y": [],
          z: [{ $patch: "delete", name: "n" }],
          m: { $patch: "replace" },
        },
      },
      undefined,
    ],
    ["rejects an unknown directive", { spec: { $foo: 1 } }, /the directive \$foo is not supported/],
    [
      "rejects $patch: merge in a list",
      { spec: { x: [{ $patch: "merge", name: "a" }] } },
      /\$patch merge in a list/,
    ],
    ["rejects $patch: merge in a map", { spec: { $patch: "merge" } }, /not supported in a map/],
    ["rejects a $retainKeys that is not a list", { spec: { $retainKeys: "a" } }, /must be a list/],
  ];
  for (const [name, patch, message] of cases) {
    it(name, () => {
      if (message === undefined) assert.equal(checkStrategicDirectives(patch), patch);
      else assert.throws(() => checkStrategicDirectives(patch), message);
    });
  }
});
