import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { displayVersion, VERSION } from "./build-info.js";

describe("build info", () => {
  it("carries the same version as package.json", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      version: string;
    };
    assert.equal(VERSION, pkg.version);
    assert.equal(displayVersion(), `v${pkg.version}`);
  });
});
