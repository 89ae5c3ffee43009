import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FakeClock } from "../../lib/clock.js";
import { applyRetention, isoWeek, type RetentionItem } from "./apply-retention.js";
import { parseRetentionPolicy, type RetentionPolicy } from "./retention-policy.js";

function policy(text: string): RetentionPolicy {
  const parsed = parseRetentionPolicy(text);
  assert.ok(parsed.policy, String(parsed.errors));
  return parsed.policy;
}

function item(time: string, name = time): RetentionItem {
  return { name, time: new Date(time) };
}

function keptNames(items: readonly RetentionItem[], text: string): string[] {
  return applyRetention(items, policy(text)).keep.map((k) => k.item.name);
}

describe("isoWeek", () => {
  const cases: [string, number][] = [
    ["2026-01-01T12:00:00Z", 202601],
    ["2025-12-29T00:00:00Z", 202601],
    ["2025-12-28T23:59:59Z", 202552],
    ["2021-01-03T10:00:00Z", 202053],
    ["2020-12-31T00:00:00Z", 202053],
    ["2026-03-09T00:00:00Z", 202611],
    ["2026-03-15T23:00:00Z", 202611],
  ];
  for (const [time, week] of cases) {
    it(`puts ${time} in ISO week ${week}`, () => {
      assert.equal(isoWeek(new Date(time)), week);
    });
  }
});

describe("applyRetention on small hand-checked sets", () => {
  const hourly = [
    item("2026-01-05T10:40:00Z", "a"),
    item("2026-01-05T10:10:00Z", "b"),
    item("2026-01-05T09:50:00Z", "c"),
    item("2026-01-04T23:00:00Z", "d"),
    item("2026-01-04T08:00:00Z", "e"),
    item("2026-01-03T08:00:00Z", "f"),
    item("2025-12-31T08:00:00Z", "g"),
  ];
  const cases: { name: string; policy: string; kept: string[] }[] = [
    { name: "keepLast keeps the newest N", policy: "keepLast=2", kept: ["a", "b"] },
    {
      name: "keepHourly keeps the newest of each of the last N hours",
      policy: "keepHourly=3",
      kept: ["a", "c", "d"],
    },
    {
      name: "keepDaily keeps the newest of each of the last N days",
      policy: "keepDaily=2",
      kept: ["a", "d"],
    },
    {
      name: "keepDaily with more days than exist also keeps the oldest (restic's rule)",
      policy: "keepDaily=9",
      kept: ["a", "d", "f", "g"],
    },
    {
      name: "keepMonthly with counts left keeps the newest per month and the oldest",
      policy: "keepMonthly=3",
      kept: ["a", "g"],
    },
    {
      name: "keepYearly=-1 keeps one per year and the oldest, whatever the count",
      policy: "keepYearly=-1",
      kept: ["a", "g"],
    },
    {
      name: "policies add up: a backup kept by any bucket stays",
      policy: "keepLast=1,keepDaily=2,keepMonthly=2",
      kept: ["a", "d", "g"],
    },
    { name: "keepLast=-1 keeps everything", policy: "keepLast=-1", kept: "abcdefg".split("") },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(keptNames(hourly, c.policy), c.kept);
    });
  }

  it("lists the buckets that kept each backup", () => {
    const decision = applyRetention(hourly, policy("keepLast=1,keepDaily=9"));
    assert.deepEqual(
      decision.keep.map((k) => [k.item.name, k.reasons]),
      [
        ["a", ["keepLast", "keepDaily"]],
        ["d", ["keepDaily"]],
        ["f", ["keepDaily"]],
        ["g", ["keepDaily"]],
      ],
    );
    assert.deepEqual(
      decision.remove.map((r) => r.name),
      ["b", "c", "e"],
    );
  });

  it("sorts its input itself and breaks time ties by name", () => {
    const shuffled = [hourly[3], hourly[0], hourly[6], hourly[1]].map((i) => i!);
    const tie = [item("2026-01-05T10:40:00Z", "z"), ...shuffled];
    assert.deepEqual(keptNames(tie, "keepLast=3"), ["z", "a", "b"]);
  });

  it("keeps nothing and removes nothing for an empty list", () => {
    const decision = applyRetention([], policy("keepLast=3"));
    assert.deepEqual(decision, { keep: [], remove: [] });
  });
});

/** An independent statement of restic's rule, used to check the walk on large inputs. */
function naiveKeep(items: readonly RetentionItem[], p: RetentionPolicy): Set<string> {
  const sorted = [...items].sort(
    (a, b) => b.time.getTime() - a.time.getTime() || (a.name < b.name ? 1 : -1),
  );
  const keys: [number, (t: Date, i: number) => string][] = [
    [p.keepLast, (_t, i) => String(i)],
    [p.keepHourly, (t) => t.toISOString().slice(0, 13)],
    [p.keepDaily, (t) => t.toISOString().slice(0, 10)],
    [p.keepWeekly, (t) => String(isoWeek(t))],
    [p.keepMonthly, (t) => t.toISOString().slice(0, 7)],
    [p.keepYearly, (t) => t.toISOString().slice(0, 4)],
  ];
  const keep = new Set<string>();
  for (const [count, key] of keys) {
    if (count === 0) continue;
    const newestPerGroup = new Map<string, string>();
    sorted.forEach((it, i) => {
      const k = key(it.time, i);
      if (!newestPerGroup.has(k)) newestPerGroup.set(k, it.name);
    });
    const groups = [...newestPerGroup.values()];
    const limit = count === -1 ? groups.length : count;
    for (const name of groups.slice(0, limit)) keep.add(name);
    const oldest = sorted.at(-1);
    if (oldest !== undefined && (count === -1 || groups.length < count)) keep.add(oldest.name);
  }
  return keep;
}

function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe("applyRetention over months of backups", () => {
  it("keeps exactly the grandfather-father-son set of a nightly schedule run for 400 days", () => {
    const clock = new FakeClock("2025-01-01T00:00:00Z");
    const items: RetentionItem[] = [];
    for (let day = 0; day < 400; day++) {
      clock.advance(86_400_000);
      const t = new Date(clock.now().getTime() + 2 * 3_600_000);
      items.push({ name: `nightly-${t.toISOString().slice(0, 10)}`, time: t });
    }
    const kept = keptNames(items, "keepLast=5,keepDaily=7,keepWeekly=4,keepMonthly=6");
    assert.deepEqual(kept, [
      "nightly-2026-02-05",
      "nightly-2026-02-04",
      "nightly-2026-02-03",
      "nightly-2026-02-02",
      "nightly-2026-02-01",
      "nightly-2026-01-31",
      "nightly-2026-01-30",
      "nightly-2026-01-25",
      "nightly-2026-01-18",
      "nightly-2025-12-31",
      "nightly-2025-11-30",
      "nightly-2025-10-31",
      "nightly-2025-09-30",
    ]);
  });

  const policies = [
    "keepLast=5,keepDaily=7,keepWeekly=4,keepMonthly=6",
    "keepHourly=24,keepDaily=30",
    "keepWeekly=-1",
    "keepLast=3,keepMonthly=24,keepYearly=3",
    "keepDaily=400",
  ];
  for (const text of policies) {
    it(`matches the group-by statement of restic's rule for "${text}" on 600 irregular backups`, () => {
      const random = seededRandom(text.length * 7919);
      const clock = new FakeClock("2025-01-01T00:00:00Z");
      const items: RetentionItem[] = [];
      for (let i = 0; i < 600; i++) {
        clock.advance(Math.floor(random() * 20 * 3_600_000));
        items.push({ name: `b-${String(i).padStart(3, "0")}`, time: clock.now() });
      }
      const decision = applyRetention(items, policy(text));
      const expected = naiveKeep(items, policy(text));
      assert.deepEqual(new Set(decision.keep.map((k) => k.item.name)), expected);
      assert.equal(decision.keep.length + decision.remove.length, items.length);
    });
  }
});
