import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Backup, BackupStorageLocation } from "../../../lib/api/index.js";
import type { KubeObject, KubeRequest, KubeRestClient } from "../../../lib/kube/index.js";
import { silentLogger } from "../../../lib/log.js";
import type { RestoreResolution } from "../restore-request.js";
import { isModifierConfigMap, withResourceModifiers } from "./load-resource-modifiers.js";

/** A REST client serving ConfigMaps from a map (a 404-like error for the others). */
function restWith(configMaps: Record<string, KubeObject>): KubeRestClient & { paths: string[] } {
  const paths: string[] = [];
  const fake = {
    paths,
    request: (request: KubeRequest): Promise<unknown> => {
      paths.push(request.path);
      const name = request.path.split("/").pop() ?? "";
      const found = configMaps[name];
      return found === undefined ? Promise.reject(new Error("not found")) : Promise.resolve(found);
    },
  };
  return fake as unknown as KubeRestClient & { paths: string[] };
}

const valid = `version: v1
resourceModifierRules:
- conditions:
    groupResource: pods
  patches:
  - operation: remove
    path: /metadata/labels/x
`;

function resolution(name: string | undefined, kind = "ConfigMap"): RestoreResolution {
  return {
    valid: true,
    restore: {
      spec: {
        backupName: "b",
        ...(name === undefined ? {} : { resourceModifier: { kind, name } }),
      },
      backup: { metadata: { name: "b" } } as Backup,
      location: { metadata: { name: "default" } } as BackupStorageLocation,
    },
  };
}

function configMap(data: Record<string, string>): KubeObject {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "m" }, data };
}

describe("withResourceModifiers", () => {
  it("loads the rules of the ConfigMap in the agent's namespace", async () => {
    const rest = restWith({ mods: configMap({ "rules.yaml": valid }) });
    const result = await withResourceModifiers(
      { rest, namespace: "velero", logger: silentLogger },
      resolution("mods"),
    );
    assert.ok(result.valid);
    assert.equal(result.restore.resourceModifiers?.rules.length, 1);
    assert.deepEqual(rest.paths, ["/api/v1/namespaces/velero/configmaps/mods"]);
  });

  const failures: [string, Record<string, KubeObject>, string][] = [
    ["a missing ConfigMap", {}, "failed to get resource modifiers configmap velero/mods"],
    [
      "a ConfigMap with two data entries",
      { mods: configMap({ a: valid, b: valid }) },
      "Error in parsing resource modifiers provided in configmap velero/mods: illegal resource modifiers velero/mods configmap",
    ],
    [
      "a ConfigMap without data",
      { mods: configMap({}) },
      "Error in parsing resource modifiers provided in configmap velero/mods: illegal resource modifiers velero/mods configmap",
    ],
    [
      "rules of another version",
      { mods: configMap({ r: "version: v9\nresourceModifierRules: []" }) },
      "Validation error in resource modifiers provided in configmap velero/mods: unsupported resource modifier version v9",
    ],
  ];
  for (const [name, configMaps, message] of failures) {
    it(`fails validation for ${name} with Velero's message`, async () => {
      const result = await withResourceModifiers(
        { rest: restWith(configMaps), namespace: "velero", logger: silentLogger },
        resolution("mods"),
      );
      assert.ok(!result.valid);
      assert.deepEqual(result.errors, [message]);
    });
  }

  it("leaves a resolution without a reference, with another kind, or already invalid untouched", async () => {
    const rest = restWith({});
    const source = { rest, namespace: "velero", logger: silentLogger };
    const none = resolution(undefined);
    assert.equal(await withResourceModifiers(source, none), none);
    const secret = resolution("mods", "Secret");
    assert.equal(await withResourceModifiers(source, secret), secret);
    const invalid: RestoreResolution = { valid: false, spec: {}, errors: ["x"] };
    assert.equal(await withResourceModifiers(source, invalid), invalid);
    assert.deepEqual(rest.paths, []);
  });

  it("follows references of kind configmap in any case", () => {
    assert.equal(isModifierConfigMap({ kind: "configmap", name: "a" }), true);
    assert.equal(isModifierConfigMap({ kind: "Secret", name: "a" }), false);
  });
});
