import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  chunksMarker,
  decodeEntry,
  encodeEntry,
  encodeEntryHead,
  nameOfLine,
  unsafeNameReason,
  type TreeEntry,
} from "./tree.js";

describe("tree entries", () => {
  const entry: TreeEntry = {
    name: "a file \n with newline",
    type: "file",
    mode: 0o640,
    uid: 1000,
    gid: 1000,
    size: 3,
    mtimeMs: 1700000000123.456,
    ino: 42,
    dev: 7,
    chunks: ["ab".repeat(32)],
  };

  it("encodes canonically: the same entry in any key order gives the same line", () => {
    const reordered = Object.fromEntries(Object.entries(entry).reverse()) as unknown as TreeEntry;
    assert.equal(encodeEntry(reordered), encodeEntry(entry));
    assert.equal(encodeEntry(entry).split("\n").length, 2);
  });

  it("round-trips an entry through its line", () => {
    const line = encodeEntry(entry);
    assert.deepEqual(decodeEntry(line.slice(0, -1)), entry);
  });

  it("rejects a line whose type is unknown", () => {
    assert.throws(() => decodeEntry(JSON.stringify({ ...entry, type: "fifo" })));
  });

  const names: [string, boolean][] = [
    ["file.txt", true],
    ["..", false],
    [".", false],
    ["", false],
    ["a/b", false],
    ["nul\0", false],
    ["..hidden", true],
  ];
  for (const [name, isSafe] of names) {
    it(`judges ${JSON.stringify(name)} ${isSafe ? "safe" : "unsafe"} as a path component`, () => {
      assert.equal(unsafeNameReason(name) === undefined, isSafe);
    });
  }

  for (const name of [
    "plain",
    'a","type":"dir',
    "back\\slash\\",
    'quote"',
    "ünï 😀",
    "tab\tnl\n",
  ]) {
    it(`reads the name ${JSON.stringify(name)} from a line without decoding it`, () => {
      const line = encodeEntry({ ...entry, name }).slice(0, -1);
      assert.equal(nameOfLine(line), name);
    });
  }

  it("encodes the head exactly as JSON.stringify encodes the same fields", () => {
    const { chunks: _chunks, ...fields } = { ...entry, link: "7:42", target: 'x"y' };
    assert.equal(encodeEntryHead(fields), JSON.stringify(fields).slice(0, -1));
  });

  it("encodes a line as its head, the chunks marker and the chunk list", () => {
    const line = encodeEntry(entry);
    const head = encodeEntryHead(entry);
    assert.ok(line.startsWith(head + chunksMarker));
    assert.equal(line, `${head},"chunks":["${"ab".repeat(32)}"]}\n`);
    const { chunks: _chunks, ...dir } = { ...entry, type: "dir" as const };
    assert.equal(encodeEntry(dir), `${encodeEntryHead(dir)}}\n`);
  });
});
