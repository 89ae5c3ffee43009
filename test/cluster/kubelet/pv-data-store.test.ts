import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, lstatSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeTempDir } from "../../helpers/temp-dir.js";
import { KubeletPaths } from "./kubelet-paths.js";
import { PvDataStore } from "./pv-data-store.js";

test("a PV's data moves into the pod's mount dir and back, surviving the pod", async (t) => {
  const dir = await makeTempDir();
  t.after(() => dir.remove());
  const store = new PvDataStore(dir.path);
  const paths = new KubeletPaths(dir.path, "n1");
  store.create("pv-1");
  const first = paths.csiMountDir("uid-1", "pv-1");
  store.mount("pv-1", first);
  writeFileSync(join(first, "data.txt"), "kept");
  assert.equal(store.location("pv-1"), first);
  store.unmount("pv-1", first);
  assert.equal(existsSync(first), false);
  assert.equal(readFileSync(join(store.storeDir("pv-1"), "data.txt"), "utf8"), "kept");
  const second = paths.csiMountDir("uid-2", "pv-1");
  store.mount("pv-1", second);
  assert.equal(readFileSync(join(second, "data.txt"), "utf8"), "kept");
  assert.equal(existsSync(store.storeDir("pv-1")), false);
});

test("a second user gets a link, and inherits the data when the holder leaves", async (t) => {
  const dir = await makeTempDir();
  t.after(() => dir.remove());
  const store = new PvDataStore(dir.path);
  const paths = new KubeletPaths(dir.path, "n1");
  store.create("pv-1");
  const [a, b, c] = ["a", "b", "c"].map((uid) => paths.csiMountDir(uid, "pv-1")) as [
    string,
    string,
    string,
  ];
  store.mount("pv-1", a);
  writeFileSync(join(a, "f"), "1");
  store.mount("pv-1", b);
  store.mount("pv-1", c);
  assert.equal(lstatSync(b).isSymbolicLink(), true);
  assert.equal(readFileSync(join(b, "f"), "utf8"), "1");
  store.unmount("pv-1", a);
  assert.equal(lstatSync(b).isDirectory(), true);
  assert.equal(readFileSync(join(b, "f"), "utf8"), "1");
  assert.equal(readFileSync(join(c, "f"), "utf8"), "1");
  store.unmount("pv-1", c);
  store.unmount("pv-1", b);
  assert.equal(readFileSync(join(store.storeDir("pv-1"), "f"), "utf8"), "1");
});

test("removing a mounted PV deletes its data when the pod lets go", async (t) => {
  const dir = await makeTempDir();
  t.after(() => dir.remove());
  const store = new PvDataStore(dir.path);
  const target = new KubeletPaths(dir.path, "n1").csiMountDir("uid", "pv-1");
  store.create("pv-1");
  store.mount("pv-1", target);
  store.remove("pv-1");
  assert.equal(existsSync(target), true);
  store.unmount("pv-1", target);
  assert.equal(existsSync(target), false);
  assert.equal(existsSync(store.storeDir("pv-1")), false);
  store.create("pv-2");
  store.remove("pv-2");
  assert.equal(existsSync(store.storeDir("pv-2")), false);
});

test("after a restart a recovered holder is moved back to the store on unmount", async (t) => {
  const dir = await makeTempDir();
  t.after(() => dir.remove());
  const target = new KubeletPaths(dir.path, "n1").csiMountDir("uid", "pv-1");
  mkdirSync(target, { recursive: true });
  writeFileSync(join(target, "f"), "x");
  const store = new PvDataStore(dir.path);
  store.recover("pv-1", target);
  store.mount("pv-1", target);
  store.unmount("pv-1", target);
  assert.equal(readFileSync(join(store.storeDir("pv-1"), "f"), "utf8"), "x");
  assert.deepEqual(store.storedVolumes(), ["pv-1"]);
});

test("hostPath resolution never leaves the node's root", () => {
  const paths = new KubeletPaths("/data", "n1");
  assert.equal(paths.hostPath("/var/lib/kubelet/pods"), "/data/nodes/n1/root/var/lib/kubelet/pods");
  assert.equal(paths.hostPath("/../../etc"), "/data/nodes/n1/root/etc");
  assert.equal(paths.hostPath("relative/x"), "/data/nodes/n1/root/relative/x");
  assert.equal(
    paths.volumeDir("u", "kubernetes.io~empty-dir", "cache"),
    "/data/nodes/n1/root/var/lib/kubelet/pods/u/volumes/kubernetes.io~empty-dir/cache",
  );
});
