// Tests of the backup queue's rules: namespace scopes, overlap, queue positions and which
// queued backups may start.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  namespaceScopeOf,
  nextQueuePosition,
  runnableBackups,
  scopesOverlap,
  type NamespaceScope,
  type QueuedBackup,
} from "./backup-queue.js";

const cluster = ["app-1", "app-2", "db", "kube-system"];
const scope = (...names: string[]): NamespaceScope => ({ all: false, names: new Set(names) });
const all: NamespaceScope = { all: true };

describe("namespaceScopeOf", () => {
  const cases: {
    name: string;
    includes?: string[];
    excludes?: string[];
    expected: NamespaceScope;
  }[] = [
    { name: "no includes means every namespace", expected: all },
    { name: "a * include means every namespace", includes: ["db", "*"], expected: all },
    { name: "named namespaces", includes: ["db", "app-1"], expected: scope("db", "app-1") },
    { name: "globs expand", includes: ["app-*"], expected: scope("app-1", "app-2") },
    {
      name: "excludes are taken out",
      includes: ["app-*"],
      excludes: ["app-2"],
      expected: scope("app-1"),
    },
    {
      name: "a named namespace that does not exist yet still counts",
      includes: ["future"],
      expected: scope("future"),
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const spec = {
        ...(c.includes === undefined ? {} : { includedNamespaces: c.includes }),
        ...(c.excludes === undefined ? {} : { excludedNamespaces: c.excludes }),
      };
      assert.deepEqual(namespaceScopeOf({ spec }, cluster), c.expected);
    });
  }
});

describe("scopesOverlap", () => {
  const cases: { a: NamespaceScope; b: NamespaceScope; expected: boolean }[] = [
    { a: all, b: scope("db"), expected: true },
    { a: scope(), b: all, expected: true },
    { a: scope("db", "app-1"), b: scope("app-1"), expected: true },
    { a: scope("db"), b: scope("app-1"), expected: false },
    { a: scope(), b: scope("db"), expected: false },
  ];
  for (const [i, c] of cases.entries()) {
    it(`case ${String(i + 1)}: ${JSON.stringify(c.expected)}`, () => {
      assert.equal(scopesOverlap(c.a, c.b), c.expected);
      assert.equal(scopesOverlap(c.b, c.a), c.expected);
    });
  }
});

describe("nextQueuePosition", () => {
  it("is 1 for an empty queue and one past the highest otherwise", () => {
    assert.equal(nextQueuePosition([]), 1);
    assert.equal(nextQueuePosition([{ queuePosition: 2 }, { queuePosition: 7 }]), 8);
  });
});

describe("runnableBackups", () => {
  const q = (name: string, queuePosition: number, s: NamespaceScope): QueuedBackup => ({
    name,
    queuePosition,
    scope: s,
  });
  const names = (list: readonly QueuedBackup[]): string[] => list.map((b) => b.name);

  it("starts queued backups in queue order up to the free slots", () => {
    const queued = [q("c", 3, scope("c")), q("a", 1, scope("a")), q("b", 2, scope("b"))];
    assert.deepEqual(names(runnableBackups(queued, [], 2)), ["a", "b"]);
    assert.deepEqual(names(runnableBackups(queued, [{ name: "r", scope: scope("r") }], 2)), ["a"]);
  });

  it("holds a backup sharing a namespace with a running one and starts the next", () => {
    const queued = [q("a", 1, scope("db")), q("b", 2, scope("app-1"))];
    const running = [{ name: "r", scope: scope("db") }];
    assert.deepEqual(names(runnableBackups(queued, running, 4)), ["b"]);
  });

  it("holds a backup sharing a namespace with one queued ahead, even one that is held", () => {
    const queued = [q("a", 1, scope("db")), q("b", 2, scope("db", "app-1")), q("c", 3, scope())];
    const running = [{ name: "r", scope: scope("db") }];
    assert.deepEqual(names(runnableBackups(queued, running, 4)), ["c"]);
    assert.deepEqual(names(runnableBackups(queued, [], 4)), ["a", "c"]);
  });

  it("lets a backup of every namespace run only alone", () => {
    assert.deepEqual(names(runnableBackups([q("a", 1, all), q("b", 2, scope("x"))], [], 4)), ["a"]);
    assert.deepEqual(
      names(runnableBackups([q("a", 1, all)], [{ name: "r", scope: scope("x") }], 4)),
      [],
    );
  });

  it("starts ReadyToStart backups (position 0) first", () => {
    const queued = [q("b", 1, scope("b")), q("a", 0, scope("a"))];
    assert.deepEqual(names(runnableBackups(queued, [], 1)), ["a"]);
  });
});
