// The repository password contract: a location's own key wins over the common one.
import assert from "node:assert/strict";
import { test } from "node:test";
import { locationPasswordKey, storedLocationPassword } from "./repository-credentials.js";

test("a location's own password key is the common key with the location's name", () => {
  assert.equal(locationPasswordKey("primary"), "repository-password-primary");
});

test("the stored password prefers the location's own key, then the common key, ignoring empty values", () => {
  const cases: [Record<string, string> | undefined, string | undefined][] = [
    [{ "repository-password-a": "b3du", "repository-password": "Y29t" }, "b3du"],
    [{ "repository-password-a": "", "repository-password": "Y29t" }, "Y29t"],
    [{ "repository-password-b": "b3du", "repository-password": "Y29t" }, "Y29t"],
    [{ "repository-password": "" }, undefined],
    [{}, undefined],
    [undefined, undefined],
  ];
  for (const [data, expected] of cases) assert.equal(storedLocationPassword(data, "a"), expected);
});
