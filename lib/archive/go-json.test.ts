import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compareUtf8, marshalOrdered, marshalSorted, quoteGoString, sortUtf8 } from "./go-json.js";

describe("Go-compatible JSON", () => {
  const strings: [string, string, string][] = [
    ["plain text", "hello", '"hello"'],
    ["HTML characters", "<a href='x'>&</a>", "\"\\u003ca href='x'\\u003e\\u0026\\u003c/a\\u003e\""],
    ["line and paragraph separators", "a\u2028b\u2029c", '"a\\u2028b\\u2029c"'],
    ["control characters", "t\tn\nr\rb\bf\f\u0001", '"t\\tn\\nr\\rb\\bf\\f\\u0001"'],
    ["quotes and backslashes", 'say "hi" \\', '"say \\"hi\\" \\\\"'],
    ["a character outside the BMP", "🙂", '"🙂"'],
    ["a lone surrogate, replaced as Go does", "a\ud800b", '"a\ufffdb"'],
    ["DEL, which Go leaves alone", "\u007f", '"\u007f"'],
  ];
  for (const [what, input, expected] of strings) {
    it(`quotes ${what} as Go does`, () => {
      assert.equal(quoteGoString(input), expected);
    });
  }

  it("sorts keys at every level, including inside arrays", () => {
    const value = { b: 1, a: { d: [{ z: 1, y: 2 }], c: null }, "": true };
    assert.equal(marshalSorted(value), '{"":true,"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}');
  });

  it("sorts integer-like keys as strings, unlike JavaScript's own property order", () => {
    const value = { b: 1, "10": 2, "9": 3, "1": 4 };
    assert.equal(JSON.stringify(value), '{"1":4,"9":3,"10":2,"b":1}');
    assert.equal(marshalSorted(value), '{"1":4,"10":2,"9":3,"b":1}');
  });

  it("encodes objects that share a key order, or a prefix of one, each with its own members", () => {
    const values = [
      { metadata: { name: "a", labels: { z: "1", a: "2" } }, kind: "K" },
      { metadata: { name: "b", labels: { z: "3" } }, kind: "L" },
      { metadata: { name: "c", labels: { z: "4", a: undefined } }, kind: "M" },
      { metadata: { name: "d", labels: { z: "5", a: "6", m: "7" } } },
    ];
    assert.deepEqual(values.map(marshalSorted), [
      '{"kind":"K","metadata":{"labels":{"a":"2","z":"1"},"name":"a"}}',
      '{"kind":"L","metadata":{"labels":{"z":"3"},"name":"b"}}',
      '{"kind":"M","metadata":{"labels":{"z":"4"},"name":"c"}}',
      '{"metadata":{"labels":{"a":"6","m":"7","z":"5"},"name":"d"}}',
    ]);
  });

  it("stays correct once more distinct key orders were seen than it remembers", () => {
    for (let i = 0; i < 120_000; i += 1) {
      const encoded = marshalSorted({ [`k${String(i)}`]: i, b: { y: 1, x: 2 } });
      if (i % 10_000 === 0) {
        assert.equal(encoded, `{"b":{"x":2,"y":1},"k${String(i)}":${String(i)}}`);
      }
    }
    assert.equal(marshalSorted({ k0: 0, b: { y: 1, x: 2 } }), '{"b":{"x":2,"y":1},"k0":0}');
  });

  it("escapes and orders keys that need quoting or lie outside the BMP", () => {
    const value = { "\u{1F600}": 1, "\ufffd": 2, "a<b": 3, 'q"': 4 };
    assert.equal(marshalSorted(value), '{"a\\u003cb":3,"q\\"":4,"\ufffd":2,"\u{1F600}":1}');
  });

  it("keeps insertion order when asked to", () => {
    assert.equal(marshalOrdered({ kind: "K", apiVersion: "v1" }), '{"kind":"K","apiVersion":"v1"}');
  });

  it("writes numbers as Go writes float64 and int64 values that JavaScript can hold", () => {
    const value = [0, -1, 1.5, 1e21, 1e-7, 123456789012, 0.1];
    assert.equal(marshalSorted(value), "[0,-1,1.5,1e+21,1e-7,123456789012,0.1]");
  });

  it("drops undefined members and writes undefined array elements as null", () => {
    assert.equal(marshalSorted({ a: undefined, b: [undefined] }), '{"b":[null]}');
  });

  it("orders keys by UTF-8 bytes, where a character outside the BMP sorts after U+FFFD", () => {
    const keys = ["\u{1F600}", "\ufffd", "z", "é"];
    assert.deepEqual(sortUtf8([...keys]), ["z", "é", "\ufffd", "\u{1F600}"]);
    assert.ok(compareUtf8("\u{1F600}", "\uffff") > 0);
    assert.ok(compareUtf8("a", "ab") < 0);
    assert.equal(compareUtf8("same", "same"), 0);
  });
});
