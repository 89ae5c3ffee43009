import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import {
  BackupRepositoryBuilder,
  type BackupRepository,
  type BackupRepositoryStatus,
  type BackupStorageLocation,
} from "../../lib/api/index.js";
import { ObjectBackupStore } from "../../lib/backup-store/index.js";
import { FakeClock, type Clock } from "../../lib/clock.js";
import { silentLogger } from "../../lib/log.js";
import { initRepository } from "../../lib/repository/index.js";
import { listAll, MemoryObjectStore, readObject } from "../../lib/storage/index.js";
import { makeTempDir } from "../../test/helpers/temp-dir.js";
import { BackupRepositoryReconciler } from "./backup-repository-reconciler.js";
import { LocationRepositories } from "./location-repositories.js";

const source = await makeTempDir("kv-repo-reconciler-", {
  "a.bin": Buffer.alloc(300_000, 7),
  "b.txt": "hello",
});
after(() => source.remove());

/** BackupRepositories in memory; merge patches applied one level deep, as the API would. */
class FakeRepos {
  readonly objects = new Map<string, BackupRepository>();
  status(name: string): BackupRepositoryStatus {
    return this.objects.get(name)?.status ?? {};
  }
  get = (name: string) => Promise.resolve(structuredClone(this.objects.get(name)));
  patch = (name: string, patch: unknown): Promise<unknown> => {
    const object = this.objects.get(name);
    if (object === undefined) return Promise.reject(new Error("not found"));
    const { spec, status } = patch as { spec?: object; status?: object };
    object.spec = { ...object.spec, ...spec };
    object.status = { ...object.status, ...status };
    return Promise.resolve(object);
  };
}

function location(accessMode?: "ReadOnly"): BackupStorageLocation {
  return {
    apiVersion: "velero.io/v1",
    kind: "BackupStorageLocation",
    metadata: { name: "default", namespace: "velero" },
    spec: {
      provider: "aws",
      objectStorage: { bucket: "b", prefix: "team" },
      ...(accessMode ? { accessMode } : {}),
    },
  };
}

interface Setup {
  store: MemoryObjectStore;
  repos: FakeRepos;
  clock: FakeClock;
  reconciler: BackupRepositoryReconciler;
  metrics: string[];
  password: { value: string };
}

function setup(options: { repoClock?: Clock; bsl?: BackupStorageLocation } = {}): Setup {
  const store = new MemoryObjectStore();
  const repos = new FakeRepos();
  const clock = new FakeClock("2026-04-01T00:00:00Z");
  const metrics: string[] = [];
  const password = { value: "secret-1" };
  const bsl = options.bsl ?? location();
  const opener = new LocationRepositories({
    locations: {
      open: () =>
        Promise.resolve({
          location: bsl,
          objectStore: store,
          store: new ObjectBackupStore({ store, prefix: "team" }),
          readOnly: bsl.spec.accessMode === "ReadOnly",
        }),
    },
    passwords: {
      password: () => Promise.resolve(password.value),
      ensure: () => Promise.resolve(password.value),
    },
    clock: options.repoClock ?? { now: () => new Date(), sleep: clock.sleep.bind(clock) },
    logger: silentLogger,
    kdf: { n: 1024 },
  });
  const reconciler = new BackupRepositoryReconciler({
    repos,
    getLocation: (name) => Promise.resolve(name === "default" ? bsl : undefined),
    open: (target, create) => opener.open(target, create),
    clock,
    logger: silentLogger,
    metrics: {
      recordSuccess: (name) => metrics.push(`success ${name}`),
      recordFailure: (name) => metrics.push(`failure ${name}`),
    },
    defaultFrequencyMs: 3_600_000,
  });
  return { store, repos, clock, reconciler, metrics, password };
}

function repo(name = "app-default-kopia", config?: Record<string, string>): BackupRepository {
  return new BackupRepositoryBuilder("velero", name)
    .spec({
      volumeNamespace: "app",
      backupStorageLocation: "default",
      repositoryType: "kopia",
      maintenanceFrequency: "0s",
      ...(config === undefined ? {} : { repositoryConfig: config }),
    })
    .build();
}

describe("BackupRepositoryReconciler", () => {
  it("initialises a missing repository under kopia/<namespace>/ and marks it Ready", async () => {
    const { store, repos, reconciler } = setup();
    repos.objects.set("app-default-kopia", repo());
    const result = await reconciler.reconcile("app-default-kopia");
    const status = repos.status("app-default-kopia");
    assert.equal(status.phase, "Ready");
    assert.equal(status.lastMaintenanceTime, "2026-04-01T00:00:00Z");
    assert.equal(repos.objects.get("app-default-kopia")?.spec.maintenanceFrequency, "1h0m0s");
    const format = JSON.parse(
      (await readObject(store, "team/kopia/app/repository.json")).toString(),
    ) as {
      format: string;
    };
    assert.equal(format.format, "kubectl-velero-repository");
    assert.deepEqual(result, { requeueAfterMs: 3_600_000 });
  });

  it("marks the repository NotReady with the reason, and Ready once the cause is gone", async () => {
    const { store, repos, reconciler, password } = setup();
    await (
      await initRepository({
        store,
        prefix: "team/kopia/app/",
        password: "other",
        kdf: { n: 1024 },
      })
    ).close();
    repos.objects.set("app-default-kopia", repo());
    assert.deepEqual(await reconciler.reconcile("app-default-kopia"), { requeueAfterMs: 300_000 });
    assert.equal(repos.status("app-default-kopia").phase, "NotReady");
    assert.equal(repos.status("app-default-kopia").message, "the repository password is wrong");
    password.value = "other";
    await reconciler.reconcile("app-default-kopia");
    assert.equal(repos.status("app-default-kopia").phase, "Ready");
    assert.equal(repos.status("app-default-kopia").message, "");
  });

  it("maintains a Ready repository when due and keeps the last three runs", async () => {
    const { repos, reconciler, clock, metrics } = setup();
    repos.objects.set("app-default-kopia", repo());
    await reconciler.reconcile("app-default-kopia");
    const notDue = await reconciler.reconcile("app-default-kopia");
    assert.deepEqual(notDue, { requeueAfterMs: 3_600_000 });
    for (let run = 1; run <= 4; run++) {
      clock.advance(3_600_001);
      await reconciler.reconcile("app-default-kopia");
    }
    const status = repos.status("app-default-kopia");
    const runs = status.recentMaintenance ?? [];
    assert.equal(runs.length, 3);
    assert.ok(runs.every((m) => m.result === "Succeeded"));
    assert.equal(status.lastMaintenanceTime, "2026-04-01T04:00:00Z");
    assert.match(runs[2]?.message ?? "", /removed 0 unreferenced packs/);
    assert.equal(metrics.filter((m) => m === "success app-default-kopia").length, 4);
  });

  it("skips maintenance while a backup session is live and records nothing", async () => {
    const { store, repos, reconciler, clock } = setup();
    repos.objects.set("app-default-kopia", repo());
    await reconciler.reconcile("app-default-kopia");
    const heartbeat = new Date().toISOString();
    await store.put(
      "team/kopia/app/sessions/0123456789abcdef0123456789abcdef",
      JSON.stringify({ id: "x", startedAt: heartbeat, heartbeatAt: heartbeat }),
    );
    clock.advance(3_600_001);
    assert.deepEqual(await reconciler.reconcile("app-default-kopia"), { requeueAfterMs: 300_000 });
    assert.equal(repos.status("app-default-kopia").recentMaintenance, undefined);
  });

  it("records a Failed run naming a corrupted pack when the check reads every pack", async () => {
    const { store, repos, reconciler, clock, metrics } = setup();
    repos.objects.set(
      "app-default-kopia",
      repo("app-default-kopia", { checkReadDataFraction: "1" }),
    );
    await reconciler.reconcile("app-default-kopia");
    const { openRepository } = await import("../../lib/repository/index.js");
    const opened = await openRepository({ store, prefix: "team/kopia/app/", password: "secret-1" });
    await opened.backup(source.path);
    await opened.close();
    const [pack] = await listAll(store, "team/kopia/app/packs/");
    assert.ok(pack !== undefined);
    const bytes = await readObject(store, pack.key);
    bytes[100] = (bytes[100] ?? 0) ^ 0xff;
    await store.put(pack.key, bytes);
    clock.advance(3_600_001);
    await reconciler.reconcile("app-default-kopia");
    const [run] = repos.status("app-default-kopia").recentMaintenance ?? [];
    const message = run?.message ?? "";
    assert.equal(run?.result, "Failed");
    assert.ok(message.includes(pack.key), message);
    assert.match(message, /^integrity check found damage: damaged packs:/);
    assert.deepEqual(metrics, ["failure app-default-kopia"]);
  });

  it("never maintains a repository of a ReadOnly location", async () => {
    const { repos, reconciler, clock } = setup({ bsl: location("ReadOnly") });
    const ready = repo();
    ready.status = { phase: "Ready" };
    repos.objects.set("app-default-kopia", ready);
    clock.advance(3_600_001);
    assert.equal(await reconciler.reconcile("app-default-kopia"), undefined);
    assert.equal(repos.status("app-default-kopia").recentMaintenance, undefined);
  });

  it("leaves restic repositories alone", async () => {
    const { repos, reconciler } = setup();
    const restic = repo("app-default-restic");
    restic.spec.repositoryType = "restic";
    repos.objects.set("app-default-restic", restic);
    assert.equal(await reconciler.reconcile("app-default-restic"), undefined);
    assert.equal(repos.objects.get("app-default-restic")?.status, undefined);
  });
});
