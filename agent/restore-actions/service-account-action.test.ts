import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { serviceAccountAction } from "./service-account-action.js";
import { runAction } from "./testing/run-action.js";

const sa = (secrets?: { name: string }[]) => ({
  apiVersion: "v1",
  kind: "ServiceAccount",
  metadata: { name: "app", namespace: "ns" },
  ...(secrets === undefined ? {} : { secrets }),
});

describe("velero.io/service-account restore action", () => {
  const cases = [
    {
      name: "drops the auto-generated token secret and keeps the others",
      item: sa([{ name: "app-token-x1y2z" }, { name: "registry" }]),
      want: sa([{ name: "registry" }]),
    },
    {
      name: "drops only the last token-looking entry, as Velero does",
      item: sa([{ name: "app-token-a" }, { name: "app-token-b" }]),
      want: sa([{ name: "app-token-a" }]),
    },
    {
      name: "removes secrets altogether when only the token was listed",
      item: sa([{ name: "app-token-a" }]),
      want: sa(),
    },
    {
      name: "keeps secrets of another account's token pattern",
      item: sa([{ name: "other-token-a" }]),
      want: sa([{ name: "other-token-a" }]),
    },
    { name: "leaves an account without secrets unchanged", item: sa(), want: sa() },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      assert.deepEqual((await runAction(serviceAccountAction, c.item)).item, c.want);
    });
  }
});
