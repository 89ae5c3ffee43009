import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { dataMoverName, isBuiltInDataMover, operationId } from "./data-movement.js";

describe("data movement keys", () => {
  it("builds Velero's operation ids and shortens those too long for a label", () => {
    assert.equal(operationId("du-", "b-uid", "p-uid"), "du-b-uid.p-uid");
    const long = operationId("dd-", "r".repeat(40), "p".repeat(40));
    assert.equal(long.length, 63);
    assert.ok(long.startsWith("dd-rrr"));
  });

  const movers = [
    { datamover: undefined, name: "velero", builtIn: true },
    { datamover: "", name: "velero", builtIn: true },
    { datamover: "velero", name: "velero", builtIn: true },
    { datamover: "acme-mover", name: "acme-mover", builtIn: false },
  ];
  for (const { datamover, name, builtIn } of movers) {
    it(`names the data mover ${JSON.stringify(datamover)} ${name} (built in: ${String(builtIn)})`, () => {
      assert.equal(dataMoverName(datamover), name);
      assert.equal(isBuiltInDataMover(datamover), builtIn);
    });
  }
});
