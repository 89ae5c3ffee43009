import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { selectPodVolumes, type PodVolume, type SelectionPolicy } from "./volume-selection.js";

const volumes: PodVolume[] = [
  { name: "data", emptyDir: {} },
  { name: "claim", persistentVolumeClaim: { claimName: "db" } },
  { name: "host", hostPath: { path: "/var/log" } },
  { name: "creds", secret: { secretName: "s" } },
  { name: "settings", configMap: { name: "c" } },
  { name: "kube-api-access-abcde", projected: { sources: [] } },
  { name: "info", downwardAPI: { items: [] } },
  { name: "default-token-xyz12", emptyDir: {} },
  { name: "cache", emptyDir: {} },
];

const optIn: SelectionPolicy = { defaultVolumesToFsBackup: false, excludesClaims: false };
const optOut: SelectionPolicy = { defaultVolumesToFsBackup: true, excludesClaims: false };

const cases: {
  name: string;
  annotations?: Record<string, string>;
  policy: SelectionPolicy;
  volumes: string[];
  optedOut?: string[];
}[] = [
  { name: "opt-in without the annotation selects nothing", policy: optIn, volumes: [] },
  {
    name: "opt-in selects exactly the annotated volumes, in the annotation's order",
    annotations: { "backup.velero.io/backup-volumes": "cache,data" },
    policy: optIn,
    volumes: ["cache", "data"],
  },
  {
    name: "opt-in keeps an annotated volume of a kind opt-out would skip (Velero does)",
    annotations: { "backup.velero.io/backup-volumes": "host" },
    policy: optIn,
    volumes: ["host"],
  },
  {
    name: "opt-out selects every volume but hostPath, secret, configMap, projected, downwardAPI and default-token",
    policy: optOut,
    volumes: ["data", "claim", "cache"],
  },
  {
    name: "opt-out leaves out the volumes of backup-volumes-excludes and reports them",
    annotations: { "backup.velero.io/backup-volumes-excludes": "cache,claim" },
    policy: optOut,
    volumes: ["data"],
    optedOut: ["claim", "cache"],
  },
  {
    name: "opt-out skips claim volumes when the backup excludes PersistentVolumeClaims",
    policy: { defaultVolumesToFsBackup: true, excludesClaims: true },
    volumes: ["data", "cache"],
  },
  {
    name: "opt-out ignores the opt-in annotation",
    annotations: { "backup.velero.io/backup-volumes": "host" },
    policy: optOut,
    volumes: ["data", "claim", "cache"],
  },
];

describe("selectPodVolumes", () => {
  for (const c of cases) {
    it(c.name, () => {
      const pod = { metadata: { annotations: c.annotations ?? {} }, spec: { volumes } };
      const selection = selectPodVolumes(pod, c.policy);
      assert.deepEqual(selection.volumes, c.volumes);
      assert.deepEqual(selection.optedOut, c.optedOut ?? []);
    });
  }

  it("selects nothing from a pod without volumes in either mode", () => {
    assert.deepEqual(selectPodVolumes({}, optOut).volumes, []);
    assert.deepEqual(selectPodVolumes({}, optIn).volumes, []);
  });
});
