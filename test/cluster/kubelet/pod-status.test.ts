import { test } from "node:test";
import assert from "node:assert/strict";
import { podPhase, type PodProgress } from "./pod-status.js";

const base: PodProgress = {
  prepared: true,
  initialized: true,
  initFailed: false,
  apps: [],
  restartPolicy: "Always",
};
const app = (running: boolean, exitCode?: number): PodProgress["apps"][number] => ({
  running,
  exitCode,
});

test("the pod phase follows the lifecycle rules for each restart policy", () => {
  const cases: [Partial<PodProgress>, string][] = [
    [{ prepared: false, apps: [app(false)] }, "Pending"],
    [{ initialized: false, apps: [app(false)] }, "Pending"],
    [{ initFailed: true, apps: [app(false)] }, "Failed"],
    [{ apps: [app(true)] }, "Running"],
    [{ apps: [app(true), app(false)] }, "Running"],
    [{ apps: [app(false, 0)] }, "Running"],
    [{ restartPolicy: "Never", apps: [app(false, 0), app(false, 0)] }, "Succeeded"],
    [{ restartPolicy: "Never", apps: [app(false, 0), app(false, 1)] }, "Failed"],
    [{ restartPolicy: "Never", apps: [app(true), app(false, 1)] }, "Running"],
    [{ restartPolicy: "OnFailure", apps: [app(false, 0)] }, "Succeeded"],
    [{ restartPolicy: "OnFailure", apps: [app(false, 2)] }, "Running"],
  ];
  for (const [progress, phase] of cases) {
    assert.equal(podPhase({ ...base, ...progress }), phase, JSON.stringify(progress));
  }
});
