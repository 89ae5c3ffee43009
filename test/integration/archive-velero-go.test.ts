// Compatibility with bytes written by Go's own archive/tar, compress/gzip and encoding/json
// the way Velero writes them (test/fixtures/archives/velero-go, see its main.go): our writer
// produces the identical tar stream, our encoders the identical side files, and the whole
// Go-written bucket reads back through ObjectBackupStore.
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { Readable } from "node:stream";
import { describe, it } from "node:test";
import { gunzipSync } from "node:zlib";
import { FakeClock } from "../../lib/clock.js";
import {
  ArchiveWriter,
  extractArchive,
  marshalSorted,
  readArchive,
} from "../../lib/archive/index.js";
import {
  ObjectBackupStore,
  backupOperationsCodec,
  backupVolumeInfosCodec,
  kubeObjectsCodec,
  resourceListCodec,
  restoreOperationsCodec,
  restoreVolumeInfosCodec,
  resultsCodec,
  volumeSnapshotsCodec,
  type SideFileCodec,
} from "../../lib/backup-store/index.js";
import { MemoryObjectStore } from "../../lib/storage/index.js";

const fixtures = new URL("../fixtures/archives/velero-go/", import.meta.url).pathname;
const bucketDir = join(fixtures, "bucket");

interface InputItem {
  groupResource: string;
  version: string;
  preferred: boolean;
  namespace: string;
  item: Record<string, unknown> & { metadata: { name: string } };
}

type Sections = Record<string, Record<string, unknown>>;
interface SideFiles {
  backups: Sections;
  restores: Sections;
}

const items = JSON.parse(readFileSync(join(fixtures, "items.json"), "utf8")) as InputItem[];
const sideFiles = JSON.parse(readFileSync(join(fixtures, "sidefiles.json"), "utf8")) as SideFiles;
const goTarball = readFileSync(join(bucketDir, "backups/b1/b1.tar.gz"));

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function goFile(path: string): string {
  return gunzipSync(readFileSync(join(bucketDir, path))).toString("utf8");
}

describe("the backup tarball, against one written by Go", () => {
  it("is read entry by entry: version first, then each item's bytes exactly as Go marshalled them", async () => {
    const paths: string[] = [];
    const bodies = new Map<string, string>();
    for await (const entry of readArchive(Readable.from([goTarball]))) {
      paths.push(entry.path);
      if (entry.kind === "item") bodies.set(entry.path, entry.body.toString());
    }
    assert.equal(paths[0], "metadata/version");
    const expectedCount = items.reduce((n, i) => n + (i.preferred ? 2 : 1), 0);
    assert.equal(paths.length, 1 + expectedCount);
    const pod = items[1]!;
    const podBody = bodies.get("resources/pods/namespaces/shop/web-0.json");
    assert.equal(podBody, marshalSorted(pod.item));
    assert.match(podBody, /\\u003cfront\\u003e\\u0026'back'/);
    assert.match(podBody, /\\u2028 \\u2029 😀/);
    assert.match(
      bodies.get("resources/configmaps/namespaces/shop/numbers.json") ?? "",
      /"data":\{"1":"one","10":"ten","9":"nine","A":"a","_":"u","b":"bee"\}/,
    );
  });

  it("is byte-identical, once gunzipped, to the tar our writer produces for the same items", async () => {
    const writer = new ArchiveWriter({ clock: new FakeClock("2026-01-02T03:04:05Z") });
    const output = collect(writer.stream);
    for (const input of items) {
      await writer.add(input.item, {
        groupResource: input.groupResource,
        version: input.version,
        namespace: input.namespace,
        preferred: input.preferred,
      });
    }
    await writer.finish();
    const ours = gunzipSync(await output);
    const theirs = gunzipSync(goTarball);
    assert.equal(ours.length, theirs.length);
    assert.ok(ours.equals(theirs), "tar streams differ");
  });

  it("extracts into a catalog with every resource, namespace, name and stored version", async () => {
    const extracted = await extractArchive(Readable.from([goTarball]));
    try {
      const { catalog } = extracted;
      assert.equal(extracted.version?.text, "1.1.0");
      assert.deepEqual(catalog.groupResources(), [
        "clusterroles.rbac.authorization.k8s.io",
        "configmaps",
        "customresourcedefinitions.apiextensions.k8s.io",
        "deployments.apps",
        "horizontalpodautoscalers.autoscaling",
        "namespaces",
        "pods",
        "secrets",
        "widgets.example.com",
      ]);
      assert.deepEqual(catalog.versions("horizontalpodautoscalers.autoscaling"), {
        preferred: "v2",
        versions: ["v1", "v2"],
      });
      assert.deepEqual(
        [...(catalog.items("pods")?.itemsByNamespace ?? [])],
        [
          ["other", ["job-x"]],
          ["shop", ["web-0"]],
        ],
      );
      for (const input of items.filter((i) => i.preferred)) {
        const ref = {
          groupResource: input.groupResource,
          namespace: input.namespace,
          name: input.item.metadata.name,
        };
        assert.deepEqual(await extracted.readItem(ref), input.item);
      }
      const v1 = {
        groupResource: "horizontalpodautoscalers.autoscaling",
        namespace: "shop",
        name: "api",
        version: "v1",
      };
      assert.equal((await extracted.readItem(v1))["apiVersion"], "autoscaling/v1");
    } finally {
      await extracted.remove();
    }
  });
});

const backupFiles: [string, string, SideFileCodec<never>][] = [
  ["resourceList", "resource-list.json.gz", resourceListCodec as SideFileCodec<never>],
  ["results", "results.gz", resultsCodec as SideFileCodec<never>],
  ["volumeSnapshots", "volumesnapshots.json.gz", volumeSnapshotsCodec as SideFileCodec<never>],
  ["itemOperations", "itemoperations.json.gz", backupOperationsCodec as SideFileCodec<never>],
  ["volumeInfos", "volumeinfo.json.gz", backupVolumeInfosCodec as SideFileCodec<never>],
];

const restoreFiles: [string, (r: string) => string, SideFileCodec<never>][] = [
  [
    "resourceList",
    (r) => `restore-${r}-resource-list.json.gz`,
    resourceListCodec as SideFileCodec<never>,
  ],
  ["results", (r) => `restore-${r}-results.gz`, resultsCodec as SideFileCodec<never>],
  [
    "itemOperations",
    (r) => `restore-${r}-itemoperations.json.gz`,
    restoreOperationsCodec as SideFileCodec<never>,
  ],
  [
    "volumeInfos",
    (r) => `${r}-volumeinfo.json.gz`,
    restoreVolumeInfosCodec as SideFileCodec<never>,
  ],
];

describe("side files, against the ones Go's json.Encoder wrote", () => {
  for (const [backup, input] of Object.entries(sideFiles.backups)) {
    for (const [field, suffix, codec] of backupFiles) {
      it(`encodes ${field} of backup ${backup} to exactly Go's bytes`, () => {
        const expected = goFile(`backups/${backup}/${backup}-${suffix}`);
        assert.equal(codec.encode(codec.decode(input[field])), expected);
      });
    }
    it(`encodes the empty pod volume backup list of ${backup} as Go's null`, () => {
      assert.equal(
        kubeObjectsCodec.encode([]),
        goFile(`backups/${backup}/${backup}-podvolumebackups.json.gz`),
      );
    });
  }
  for (const [restore, input] of Object.entries(sideFiles.restores)) {
    for (const [field, file, codec] of restoreFiles) {
      it(`encodes ${field} of restore ${restore} to exactly Go's bytes`, () => {
        const expected = goFile(`restores/${restore}/${file(restore)}`);
        assert.equal(codec.encode(codec.decode(input[field])), expected);
      });
    }
  }
});

function loadBucket(): MemoryObjectStore {
  const store = new MemoryObjectStore();
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
  for (const path of walk(bucketDir)) {
    void store.put(`team-a/${relative(bucketDir, path)}`, readFileSync(path));
  }
  return store;
}

describe("a bucket written the Velero way, read through ObjectBackupStore", () => {
  const backupStore = new ObjectBackupStore({ store: loadBucket(), prefix: "/team-a/" });

  it("is a valid location listing both backups", async () => {
    await backupStore.isValid();
    assert.deepEqual(await backupStore.listBackups(), ["b-empty", "b1"]);
    assert.equal(await backupStore.backupExists("b1"), true);
    assert.match(await backupStore.getBackupMetadata("b1"), /^\{\n {2}"kind": "Backup",/);
  });

  it("returns every side file decoded", async () => {
    const input = sideFiles.backups["b1"]!;
    assert.deepEqual(await backupStore.getBackupResults("b1"), input["results"]);
    assert.deepEqual(
      await backupStore.getBackupVolumeSnapshots("b1"),
      volumeSnapshotsCodec.decode(input["volumeSnapshots"]),
    );
    assert.deepEqual(
      await backupStore.getBackupItemOperations("b1"),
      backupOperationsCodec.decode(input["itemOperations"]),
    );
    assert.deepEqual(
      await backupStore.getBackupVolumeInfos("b1"),
      backupVolumeInfosCodec.decode(input["volumeInfos"]),
    );
    const list = await backupStore.getBackupResourceList("b1");
    assert.deepEqual(list["v1/Pod"], ["other/job-x", "shop/web-0", "shop/web-1"]);
    assert.deepEqual(await backupStore.getPodVolumeBackups("b1"), []);
    assert.equal((await backupStore.getCSIVolumeSnapshots("b1"))[0]?.["kind"], "VolumeSnapshot");
    assert.deepEqual(await backupStore.getCSIVolumeSnapshotContents("b1"), []);
    const log = await backupStore.getBackupLog("b1");
    assert.match((await collect(log!)).toString(), /Backup completed/);
  });

  it("returns restore files decoded", async () => {
    const input = sideFiles.restores["r1"]!;
    assert.deepEqual(
      await backupStore.getRestoreResults("r1"),
      resultsCodec.decode(input["results"]),
    );
    const list = await backupStore.getRestoredResourceList("r1");
    assert.deepEqual(list["v1/Pod"], [
      "other/gen-abc12(created)",
      "shop/web-0(created)",
      "shop/web-1(skipped)",
    ]);
    assert.equal((await backupStore.getRestoreItemOperations("r1"))[0]?.spec.operationID, "dd-1");
    assert.equal(
      (await backupStore.getRestoreVolumeInfo("r1"))[1]?.snapshotDataMovementInfo?.Phase,
      "InProgress",
    );
  });

  it("streams the Go-written tarball into the reader", async () => {
    let count = 0;
    for await (const entry of readArchive(await backupStore.getBackupContents("b1"))) {
      if (entry.kind === "item") count++;
    }
    assert.equal(
      count,
      items.reduce((n, i) => n + (i.preferred ? 2 : 1), 0),
    );
  });
});
