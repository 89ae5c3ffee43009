import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ArchiveFormatError, UnsupportedArchiveVersionError } from "./errors.js";
import { archiveFormatVersion, encodeVersionEntry, parseVersionEntry } from "./format.js";

describe("archive format version", () => {
  it("writes 1.1.0 and a newline, as Velero does", () => {
    assert.equal(archiveFormatVersion, "1.1.0");
    assert.equal(encodeVersionEntry().toString(), "1.1.0\n");
  });

  const accepted: [string, [number, number, number]][] = [
    ["1.1.0\n", [1, 1, 0]],
    ["1.0.0", [1, 0, 0]],
    [" 1.7.12 \n", [1, 7, 12]],
  ];
  for (const [text, [major, minor, patch]] of accepted) {
    it(`accepts ${JSON.stringify(text)}`, () => {
      assert.deepEqual(parseVersionEntry(text), { major, minor, patch, text: text.trim() });
    });
  }

  for (const text of ["2.0.0\n", "0.9.1", "10.0.0"]) {
    it(`refuses major version ${JSON.stringify(text)} as unsupported`, () => {
      assert.throws(() => parseVersionEntry(text), UnsupportedArchiveVersionError);
    });
  }

  for (const text of ["", "1.1", "v1.1.0", "1.1.0-rc1", "one"]) {
    it(`refuses the malformed version ${JSON.stringify(text)}`, () => {
      assert.throws(() => parseVersionEntry(text), ArchiveFormatError);
    });
  }
});
