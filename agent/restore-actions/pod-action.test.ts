import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { addPvcFromPodAction } from "./add-pvc-from-pod-action.js";
import { podAction } from "./pod-action.js";
import { runAction } from "./testing/run-action.js";

const pod = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "p", namespace: "ns" },
  spec: {
    nodeName: "node-1",
    priority: 1000,
    priorityClassName: "high",
    serviceAccountName: "app",
    volumes: [
      { name: "app-token-abcde", secret: { secretName: "app-token-abcde" } },
      { name: "data", persistentVolumeClaim: { claimName: "data-claim" } },
      { name: "cache", emptyDir: {} },
    ],
    initContainers: [
      {
        name: "init",
        image: "busybox",
        volumeMounts: [{ name: "app-token-abcde", mountPath: "/t" }],
      },
    ],
    containers: [
      {
        name: "main",
        image: "nginx",
        volumeMounts: [
          { name: "app-token-abcde", mountPath: "/var/run/secrets" },
          { name: "data", mountPath: "/data" },
        ],
      },
    ],
  },
};

describe("velero.io/pod restore action", () => {
  it("clears nodeName and priority and drops the legacy token volume and its mounts", async () => {
    const out = await runAction(podAction, pod);
    assert.deepEqual(out.item["spec"], {
      priorityClassName: "high",
      serviceAccountName: "app",
      volumes: [
        { name: "data", persistentVolumeClaim: { claimName: "data-claim" } },
        { name: "cache", emptyDir: {} },
      ],
      initContainers: [{ name: "init", image: "busybox" }],
      containers: [
        { name: "main", image: "nginx", volumeMounts: [{ name: "data", mountPath: "/data" }] },
      ],
    });
  });

  it("names the pod's PriorityClass as an additional item", async () => {
    const out = await runAction(podAction, pod);
    assert.deepEqual(out.additionalItems, [
      { groupResource: "priorityclasses.scheduling.k8s.io", name: "high" },
    ]);
  });

  it("names no additional item and keeps projected token volumes of pods without a class", async () => {
    const projected = {
      ...pod,
      spec: {
        containers: [{ name: "c", volumeMounts: [{ name: "kube-api-access-x", mountPath: "/s" }] }],
        volumes: [{ name: "kube-api-access-x", projected: { sources: [] } }],
      },
    };
    const out = await runAction(podAction, projected);
    assert.deepEqual(out.additionalItems, []);
    assert.deepEqual(out.item["spec"], projected.spec);
  });
});

describe("velero.io/add-pvc-from-pod restore action", () => {
  it("names every PVC the pod mounts, in the pod's namespace", async () => {
    const out = await runAction(addPvcFromPodAction, pod);
    assert.deepEqual(out.additionalItems, [
      { groupResource: "persistentvolumeclaims", namespace: "ns", name: "data-claim" },
    ]);
    assert.deepEqual(out.item, pod);
  });
});
