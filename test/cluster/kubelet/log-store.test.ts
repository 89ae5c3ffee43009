import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { text } from "node:stream/consumers";
import { makeTempDir } from "../../helpers/temp-dir.js";
import {
  ContainerLogWriter,
  openLogStream,
  parseLogLine,
  selectLogLines,
  type LogLine,
} from "./log-store.js";

const line = (time: string, text: string): LogLine => ({
  time,
  stream: "stdout",
  full: true,
  text,
});

test("output is stored in the CRI log format, split at newlines and flushed on close", async (t) => {
  const dir = await makeTempDir();
  t.after(() => dir.remove());
  const path = join(dir.path, "c/0.log");
  const writer = new ContainerLogWriter(path, () => new Date("2026-01-01T00:00:00.123Z"));
  writer.write("stdout", "hello\nwor");
  writer.write("stderr", "oops\n");
  writer.write("stdout", "ld\ntail");
  writer.close();
  const stored = readFileSync(path, "utf8").trimEnd().split("\n");
  assert.equal(stored.length, 4);
  assert.match(stored[0] ?? "", /^2026-01-01T00:00:00\.123\d{6}Z stdout F hello$/);
  assert.deepEqual(
    stored.map((l) => parseLogLine(l)).map((l) => [l?.stream, l?.text]),
    [
      ["stdout", "hello"],
      ["stderr", "oops"],
      ["stdout", "world"],
      ["stdout", "tail"],
    ],
  );
});

test("tailLines and sinceSeconds select the newest lines", () => {
  const lines = [
    line("2026-01-01T00:00:00.000000000Z", "a"),
    line("2026-01-01T00:00:30.000000000Z", "b"),
    line("2026-01-01T00:00:50.000000000Z", "c"),
  ];
  const now = new Date("2026-01-01T00:01:00Z");
  const pick = (options: Parameters<typeof selectLogLines>[1]): string[] =>
    selectLogLines(lines, options, now).map((l) => l.text);
  assert.deepEqual(pick({}), ["a", "b", "c"]);
  assert.deepEqual(pick({ tailLines: 2 }), ["b", "c"]);
  assert.deepEqual(pick({ tailLines: 0 }), []);
  assert.deepEqual(pick({ sinceSeconds: 40 }), ["b", "c"]);
  assert.deepEqual(pick({ sinceSeconds: 40, tailLines: 1 }), ["c"]);
});

test("reading renders timestamps on request and stops at limitBytes", async (t) => {
  const dir = await makeTempDir();
  t.after(() => dir.remove());
  const path = join(dir.path, "0.log");
  const writer = new ContainerLogWriter(path, () => new Date("2026-01-01T00:00:00Z"));
  writer.write("stdout", "first\nsecond\n");
  writer.close();
  const now = new Date("2026-01-01T00:00:01Z");
  assert.equal(
    await text(openLogStream({ path, live: undefined, options: {}, now })),
    "first\nsecond\n",
  );
  assert.match(
    await text(openLogStream({ path, live: undefined, options: { timestamps: true }, now })),
    /^2026-01-01T00:00:00\.000\d{6}Z first\n\S+ second\n$/,
  );
  assert.equal(
    await text(openLogStream({ path, live: undefined, options: { limitBytes: 8 }, now })),
    "first\nse",
  );
});

test("follow streams new lines until the container's log closes", async (t) => {
  const dir = await makeTempDir();
  t.after(() => dir.remove());
  const path = join(dir.path, "0.log");
  const writer = new ContainerLogWriter(path, () => new Date());
  writer.write("stdout", "before\n");
  const stream = openLogStream({ path, live: writer, options: { follow: true }, now: new Date() });
  const collected = text(stream);
  writer.write("stdout", "during\n");
  setTimeout(() => {
    writer.write("stderr", "last\n");
    writer.close();
  }, 20);
  assert.equal(await collected, "before\nduring\nlast\n");
  assert.equal(writer.listenerCount("line"), 0);
});

test("a follower that goes away stops listening", async (t) => {
  const dir = await makeTempDir();
  t.after(() => dir.remove());
  const writer = new ContainerLogWriter(join(dir.path, "0.log"), () => new Date());
  t.after(() => {
    writer.close();
  });
  const stream = openLogStream({
    path: writer.path,
    live: writer,
    options: { follow: true },
    now: new Date(),
  });
  assert.equal(writer.listenerCount("line"), 1);
  stream.destroy();
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(writer.listenerCount("line"), 0);
});
