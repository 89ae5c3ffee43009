import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Command } from "commander";
import { addOptionalBool, normalizeBooleanFlags } from "./boolean-flags.js";

function program(): Command {
  const root = new Command("x").exitOverride();
  const sub = new Command("create").argument("[name]").option("-w, --wait").option("--ttl <d>");
  addOptionalBool(sub, "include-cluster-resources", "tri-state");
  return root.addCommand(sub.exitOverride());
}

function parse(argv: string[]): Record<string, unknown> {
  const root = program();
  let seen: Record<string, unknown> = {};
  root.commands[0]!.action((_name: unknown, opts: Record<string, unknown>) => {
    seen = opts;
  });
  root.parse(normalizeBooleanFlags(root, argv), { from: "user" });
  return seen;
}

describe("boolean flags", () => {
  it("leaves a tri-state flag undefined when absent", () => {
    assert.equal(parse(["create", "b"])["includeClusterResources"], undefined);
  });

  it("reads the bare flag and =true as true and =false as false", () => {
    assert.equal(
      parse(["create", "--include-cluster-resources", "b"])["includeClusterResources"],
      true,
    );
    assert.equal(
      parse(["create", "--include-cluster-resources=true"])["includeClusterResources"],
      true,
    );
    assert.equal(
      parse(["create", "--include-cluster-resources=false"])["includeClusterResources"],
      false,
    );
  });

  it("accepts --wait=false for a plain boolean", () => {
    assert.equal(parse(["create", "--wait=false"])["wait"], undefined);
    assert.equal(parse(["create", "--wait=true"])["wait"], true);
  });

  it("rejects a non-boolean value naming the flag", () => {
    assert.throws(() => parse(["create", "--wait=maybe"]), /invalid argument "maybe" for "--wait"/);
  });

  it("does not touch value flags or anything after --", () => {
    assert.deepEqual(normalizeBooleanFlags(program(), ["create", "--ttl=1h", "--", "--wait=x"]), [
      "create",
      "--ttl=1h",
      "--",
      "--wait=x",
    ]);
  });
});
