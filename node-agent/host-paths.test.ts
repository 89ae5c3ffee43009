import assert from "node:assert/strict";
import { mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { makeTempDir } from "../test/helpers/temp-dir.js";
import {
  AmbiguousHostPathError,
  HostPathNotFoundError,
  resolveVolumeHostPath,
  UnsafeHostPathError,
  volumeDirName,
} from "./host-paths.js";

const dir = await makeTempDir("kv-host-paths-");
after(() => dir.remove());
const root = join(dir.path, "host_pods");
const outside = join(dir.path, "outside");
await mkdir(outside, { recursive: true });

async function volume(uid: string, plugin: string, name: string): Promise<string> {
  const path = join(root, uid, "volumes", plugin, name);
  await mkdir(path, { recursive: true });
  return path;
}

describe("volumeDirName", () => {
  const cases: [string, Parameters<typeof volumeDirName>, string][] = [
    ["an emptyDir volume uses the volume name", [{ name: "data" }], "data"],
    ["an inline CSI volume adds /mount", [{ name: "data", csi: {} }], "data/mount"],
    [
      "a PVC on a CSI filesystem PV uses <pv>/mount",
      [
        { name: "data", persistentVolumeClaim: { claimName: "c" } },
        { name: "pv-1", isCsi: true, isBlock: false },
      ],
      "pv-1/mount",
    ],
    [
      "a PVC on a CSI block PV uses the PV name",
      [
        { name: "data", persistentVolumeClaim: { claimName: "c" } },
        { name: "pv-1", isCsi: true, isBlock: true },
      ],
      "pv-1",
    ],
    [
      "a PVC on a non-CSI PV uses the PV name",
      [
        { name: "data", persistentVolumeClaim: { claimName: "c" } },
        { name: "pv-2", isCsi: false, isBlock: false },
      ],
      "pv-2",
    ],
  ];
  for (const [name, args, expected] of cases) {
    it(name, () => {
      assert.equal(volumeDirName(...args), expected);
    });
  }
});

describe("resolveVolumeHostPath", () => {
  it("finds the single directory matching <root>/<uid>/volumes/*/<dir>", async () => {
    const path = await volume("uid-1", "kubernetes.io~empty-dir", "data");
    await volume("uid-1", "kubernetes.io~secret", "token");
    const resolved = await resolveVolumeHostPath(root, { podUid: "uid-1", volumeDir: "data" });
    assert.equal(resolved.path, path);
    assert.ok(resolved.realPath.endsWith("/kubernetes.io~empty-dir/data"));
  });

  it("finds a CSI PV's mount directory", async () => {
    const path = await volume("uid-2", "kubernetes.io~csi", "pv-9/mount");
    const resolved = await resolveVolumeHostPath(root, {
      podUid: "uid-2",
      volumeDir: "pv-9/mount",
    });
    assert.equal(resolved.path, path);
  });

  it("reports a retryable not-found error while the pod's volumes are not set up", async () => {
    await assert.rejects(
      resolveVolumeHostPath(root, { podUid: "uid-missing", volumeDir: "data" }),
      (error) => {
        assert.ok(error instanceof HostPathNotFoundError);
        assert.equal(error.retryable, true);
        assert.match(
          error.message,
          /expected one matching path: .*uid-missing\/volumes\/\*\/data, got 0/,
        );
        return true;
      },
    );
  });

  it("refuses a glob with two matches", async () => {
    await volume("uid-3", "kubernetes.io~empty-dir", "data");
    await volume("uid-3", "kubernetes.io~nfs", "data");
    await assert.rejects(
      resolveVolumeHostPath(root, { podUid: "uid-3", volumeDir: "data" }),
      (error) => error instanceof AmbiguousHostPathError && /got 2$/.test(error.message),
    );
  });

  it("refuses a volume directory that is a symlink leading outside the root", async () => {
    await mkdir(join(root, "uid-4", "volumes", "kubernetes.io~empty-dir"), { recursive: true });
    await symlink(outside, join(root, "uid-4", "volumes", "kubernetes.io~empty-dir", "data"));
    await assert.rejects(
      resolveVolumeHostPath(root, { podUid: "uid-4", volumeDir: "data" }),
      (error) => error instanceof UnsafeHostPathError && /outside/.test(error.message),
    );
  });

  it("refuses a pod directory that is a symlink leading outside the root", async () => {
    await mkdir(join(outside, "volumes", "kubernetes.io~empty-dir", "data"), { recursive: true });
    await symlink(outside, join(root, "uid-5"));
    await assert.rejects(
      resolveVolumeHostPath(root, { podUid: "uid-5", volumeDir: "data" }),
      UnsafeHostPathError,
    );
  });

  it("accepts a symlink that stays inside the root", async () => {
    const real = await volume("uid-6", "kubernetes.io~empty-dir", "real");
    await symlink(real, join(root, "uid-6", "volumes", "kubernetes.io~empty-dir", "data"));
    const resolved = await resolveVolumeHostPath(root, { podUid: "uid-6", volumeDir: "data" });
    assert.ok(resolved.realPath.endsWith("/uid-6/volumes/kubernetes.io~empty-dir/real"));
  });

  it("refuses names that are not plain path components", async () => {
    for (const target of [
      { podUid: "..", volumeDir: "data" },
      { podUid: "uid-1", volumeDir: "../../outside" },
      { podUid: "uid-1", volumeDir: "" },
      { podUid: "a/b", volumeDir: "data" },
    ]) {
      await assert.rejects(resolveVolumeHostPath(root, target), UnsafeHostPathError);
    }
  });

  it("refuses a match that is a file, not a directory", async () => {
    await mkdir(join(root, "uid-7", "volumes", "kubernetes.io~empty-dir"), { recursive: true });
    await writeFile(join(root, "uid-7", "volumes", "kubernetes.io~empty-dir", "data"), "x");
    await assert.rejects(
      resolveVolumeHostPath(root, { podUid: "uid-7", volumeDir: "data" }),
      /is not a directory/,
    );
  });
});
