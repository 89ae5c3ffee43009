import { test } from "node:test";
import assert from "node:assert/strict";
import { defaultShellImages, imageRepository, planImage } from "./image-plan.js";
import { RestartBackoff } from "./restart-backoff.js";

test("image references normalise to their repository", () => {
  const cases: [string, string][] = [
    ["busybox", "docker.io/library/busybox"],
    ["busybox:1.36", "docker.io/library/busybox"],
    ["library/busybox@sha256:abc", "docker.io/library/busybox"],
    ["velero/velero:v1.14.0", "docker.io/velero/velero"],
    ["ghcr.io/kubectl-velero/velero:dev", "ghcr.io/kubectl-velero/velero"],
    ["localhost:5000/tool:1", "localhost:5000/tool"],
    ["registry.local:443/a/b:c@sha256:d", "registry.local:443/a/b"],
  ];
  for (const [image, repository] of cases) assert.equal(imageRepository(image), repository, image);
});

test("local images run their mapped program with command and args appended", () => {
  const options = {
    localImages: { "ghcr.io/kubectl-velero/velero": ["node", "entry.ts"] },
    shellImages: defaultShellImages,
  };
  assert.deepEqual(
    planImage(
      {
        name: "c",
        image: "ghcr.io/kubectl-velero/velero:v1",
        command: ["/velero"],
        args: ["server"],
      },
      options,
    ),
    {
      kind: "process",
      argv: ["node", "entry.ts", "/velero", "server"],
    },
  );
  assert.deepEqual(
    planImage(
      { name: "c", image: "busybox:1.36", command: ["sh", "-c"], args: ["echo hi"] },
      options,
    ),
    {
      kind: "process",
      argv: ["sh", "-c", "echo hi"],
    },
  );
  assert.deepEqual(planImage({ name: "c", image: "alpine" }, options), {
    kind: "process",
    argv: ["sh"],
  });
  assert.deepEqual(planImage({ name: "c", image: "nginx:1.27" }, options), { kind: "simulated" });
});

test("restart back-off is immediate first, then doubles up to the cap, and resets after a long run", () => {
  const backoff = new RestartBackoff({ initialMs: 10, maxMs: 35, resetAfterMs: 1000 });
  assert.deepEqual(
    [0, 0, 0, 0, 0].map((ran) => backoff.nextDelay(ran)),
    [0, 10, 20, 35, 35],
  );
  assert.equal(backoff.nextDelay(5000), 0);
  assert.equal(backoff.nextDelay(0), 10);
});
