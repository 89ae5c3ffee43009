// The shared server flag parsers accept Velero's forms and name the bad value otherwise.
import assert from "node:assert/strict";
import { test } from "node:test";
import { InvalidArgumentError } from "commander";
import { addressArg, durationArg, listArg, positiveIntArg } from "./server-flags.js";

test("addresses accept host:port and :port, and reject other forms naming the value", () => {
  assert.deepEqual(addressArg(":8085"), { host: "0.0.0.0", port: 8085 });
  assert.deepEqual(addressArg("127.0.0.1:0"), { host: "127.0.0.1", port: 0 });
  assert.throws(() => addressArg("8085"), /"8085" is not an address like :8085/);
  assert.throws(() => addressArg(":70000"), /port above 65535/);
});

test("durations are Go durations in milliseconds and anything else is a usage error", () => {
  assert.equal(durationArg("1m30s"), 90_000);
  assert.throws(() => durationArg("ten"), InvalidArgumentError);
});

test("positive integers reject zero, negatives and fractions", () => {
  assert.equal(positiveIntArg("4"), 4);
  for (const bad of ["0", "-1", "1.5", "x"]) assert.throws(() => positiveIntArg(bad), /≥ 1/);
});

test("lists are trimmed and skip empty entries", () => {
  assert.deepEqual(listArg(" a, b,,c ,"), ["a", "b", "c"]);
  assert.deepEqual(listArg(""), []);
});
