import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { newKdfParams } from "./crypto.js";
import { UnsupportedFormatError } from "./errors.js";
import { decodeFormatRecord, encodeFormatRecord, newFormatRecord } from "./format.js";

describe("format record", () => {
  const record = newFormatRecord({ kdf: newKdfParams(), keys: "x", now: new Date(0) });

  it("round-trips through its JSON text", () => {
    assert.deepEqual(decodeFormatRecord(encodeFormatRecord(record)), record);
  });

  const refused: [string, object][] = [
    ["an unknown major version", { version: "2.0" }],
    ["another format's record", { format: "kopia" }],
    ["an unknown cipher", { encryption: "rot13" }],
  ];
  for (const [what, change] of refused) {
    it(`refuses ${what} with UnsupportedFormatError`, () => {
      const text = JSON.stringify({ ...record, ...change });
      assert.throws(() => decodeFormatRecord(text), UnsupportedFormatError);
    });
  }

  it("accepts a newer minor version", () => {
    assert.equal(decodeFormatRecord(JSON.stringify({ ...record, version: "1.7" })).version, "1.7");
  });
});
