import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Header, Pax } from "tar";
import { tarHeaderLength, tarPadding, writeTarFileHeader } from "./tar-header.js";

const mtime = new Date("2026-03-04T05:06:07.600Z");

function encode(path: string, size = 42): Buffer {
  const target = Buffer.alloc(tarHeaderLength(path));
  const written = writeTarFileHeader(target, 0, { path, size, mtime });
  assert.equal(written, target.length);
  return target;
}

function field(block: Buffer, offset: number, length: number): string {
  return block.subarray(offset, offset + length).toString("latin1");
}

describe("tar headers as Go's archive/tar writes them", () => {
  it("formats a short name as one USTAR block with Go's zero-padded octal fields", () => {
    const block = encode("metadata/version", 6);
    assert.equal(block.length, 512);
    assert.equal(field(block, 0, 17), "metadata/version\0");
    assert.equal(field(block, 100, 8), "0000755\0");
    assert.equal(field(block, 108, 8), "0000000\0");
    assert.equal(field(block, 116, 8), "0000000\0");
    assert.equal(field(block, 124, 12), "00000000006\0");
    assert.equal(field(block, 136, 12), "15151736700\0");
    assert.equal(field(block, 156, 1), "0");
    assert.equal(field(block, 257, 8), "ustar\u000000");
    assert.equal(field(block, 265, 64), "\0".repeat(64));
    assert.equal(field(block, 329, 16), "0000000\u00000000000\0");
    assert.match(field(block, 148, 8), /^[0-7]{6}\0 $/);
  });

  it("rounds the modification time to the nearest second", () => {
    const header = new Header(encode("a"));
    assert.equal(header.mtime?.toISOString(), "2026-03-04T05:06:08.000Z");
  });

  it("writes a checksum the tar package accepts, and the fields it reads back", () => {
    const header = new Header(encode("resources/pods/namespaces/ns/p.json", 1234));
    assert.equal(header.cksumValid, true);
    assert.equal(header.path, "resources/pods/namespaces/ns/p.json");
    assert.equal(header.size, 1234);
    assert.equal(header.mode, 0o755);
    assert.equal(header.uid, 0);
    assert.equal(header.type, "File");
  });

  it("splits a 101-to-256-byte ASCII path into USTAR prefix and name instead of using PAX", () => {
    const namespace = "n".repeat(60);
    const path = `resources/secrets/namespaces/${namespace}/${"x".repeat(90)}.json`;
    const block = encode(path);
    assert.equal(block.length, 512);
    assert.equal(field(block, 0, 96), `${"x".repeat(90)}.json\0`);
    assert.equal(field(block, 345, 90), `resources/secrets/namespaces/${namespace}\0`);
    assert.equal(new Header(block).path, path);
  });

  it("writes a PAX path record before the header for a name too long to split", () => {
    const path = `resources/secrets/namespaces/${"n".repeat(60)}/${"x".repeat(200)}.json`;
    const bytes = encode(path);
    const paxHeader = new Header(bytes.subarray(0, 512));
    assert.equal(paxHeader.type, "ExtendedHeader");
    assert.equal(paxHeader.cksumValid, true);
    const paxName = `resources/secrets/namespaces/${"n".repeat(60)}/PaxHeaders.0/${"x".repeat(200)}`;
    assert.equal(paxHeader.path, paxName.slice(0, 100));
    const record = bytes.subarray(512, 512 + (paxHeader.size ?? 0)).toString();
    assert.equal(record, `${record.length} path=${path}\n`);
    const pax = Pax.parse(record);
    const main = new Header(bytes.subarray(bytes.length - 512), 0, pax);
    assert.equal(main.path, path);
    assert.equal(main.size, 42);
  });

  it("uses PAX for a non-ASCII path even when it is short, with an ASCII-only fallback name", () => {
    const path = "resources/configmaps/namespaces/ns/ü.json";
    const bytes = encode(path);
    assert.equal(bytes.length, 512 * 3);
    const main = bytes.subarray(1024);
    assert.equal(field(main, 0, 35), "resources/configmaps/namespaces/ns/");
    assert.equal(field(main, 35, 6), ".json\0");
  });

  it("computes the PAX record length the way Go does when the length gains a digit", () => {
    const value = "v".repeat(91);
    const bytes = encode("x/" + value + "é");
    const paxHeader = new Header(bytes.subarray(0, 512));
    const record = bytes.subarray(512, 512 + (paxHeader.size ?? 0)).toString();
    assert.equal(Buffer.byteLength(record), Number(record.split(" ")[0]));
  });

  const paddings: [number, number][] = [
    [0, 0],
    [1, 511],
    [511, 1],
    [512, 0],
    [513, 511],
  ];
  for (const [size, padding] of paddings) {
    it(`pads a ${size}-byte body with ${padding} zero bytes`, () => {
      assert.equal(tarPadding(size), padding);
    });
  }
});
