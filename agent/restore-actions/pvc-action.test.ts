import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { pvcAction } from "./pvc-action.js";
import { runAction } from "./testing/run-action.js";

const annotations = {
  "pv.kubernetes.io/bind-completed": "yes",
  "pv.kubernetes.io/bound-by-controller": "yes",
  "volume.kubernetes.io/storage-provisioner": "csi.x",
  "volume.beta.kubernetes.io/storage-provisioner": "csi.x",
  "volume.kubernetes.io/selected-node": "node-1",
  "velero.io/volume-snapshot-name": "snap",
  "velero.io/data-upload-name": "du",
  team: "a",
};

const claim = (phase: string, volumeName: string) => ({
  apiVersion: "v1",
  kind: "PersistentVolumeClaim",
  metadata: { name: "data", namespace: "ns", annotations },
  spec: { volumeName, accessModes: ["ReadWriteOnce"] },
  status: { phase },
});

describe("velero.io/pvc restore action", () => {
  it("removes the binding and provisioning annotations and keeps the rest", async () => {
    const out = await runAction(pvcAction, claim("Bound", "pv-1"));
    assert.deepEqual(out.item.metadata?.annotations, { team: "a" });
  });

  it("names the bound PV as an additional item, judging by the backed-up status", async () => {
    const item = claim("Bound", "pv-1");
    const { status: _dropped, ...reset } = item;
    const out = await runAction(pvcAction, reset, { itemFromBackup: item });
    assert.deepEqual(out.additionalItems, [{ groupResource: "persistentvolumes", name: "pv-1" }]);
  });

  for (const [phase, volume] of [
    ["Pending", "pv-1"],
    ["Bound", ""],
  ] as const) {
    it(`names no PV for a claim ${phase} with volumeName "${volume}"`, async () => {
      const out = await runAction(pvcAction, claim(phase, volume));
      assert.deepEqual(out.additionalItems, []);
    });
  }
});
