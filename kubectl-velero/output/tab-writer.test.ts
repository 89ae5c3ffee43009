import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { alignTabs } from "./tab-writer.js";

const describeSettings = { minWidth: 0, padding: 2 };

describe("alignTabs (Go's text/tabwriter)", () => {
  it("aligns a column block to its widest cell plus padding", () => {
    assert.equal(
      alignTabs("Name:\tb1\nNamespace:\tvelero\n", describeSettings),
      "Name:       b1\nNamespace:  velero\n",
    );
  });

  it("starts a new block after a line without that column (a blank line)", () => {
    assert.equal(
      alignTabs("A:\tx\n\nLonger key:\ty\n", describeSettings),
      "A:  x\n\nLonger key:  y\n",
    );
  });

  it("pads leading empty cells, so a tab indent becomes the block's width", () => {
    assert.equal(
      alignTabs("Namespaces:\n\tIncluded:\t*\n\tExcluded:\t<none>\n", describeSettings),
      "Namespaces:\n  Included:  *\n  Excluded:  <none>\n",
    );
  });

  it("nests blocks: inner columns align only among lines that share the outer block", () => {
    const text = "a\tb\tc\naa\tbbbb\tc\nx\ty\n";
    assert.equal(alignTabs(text, describeSettings), "a   b     c\naa  bbbb  c\nx   y\n");
  });

  it("keeps the padding of a tab-terminated cell even when the last cell is empty", () => {
    assert.equal(alignTabs("k\tv\t\n", { minWidth: 6, padding: 3 }), "k     v     \n");
  });

  it("counts characters, not bytes", () => {
    assert.equal(alignTabs("é\tx\nab\ty\n", describeSettings), "é   x\nab  y\n");
  });
});
