import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { chooseRestoreVersion } from "./version-selection.js";

describe("chooseRestoreVersion", () => {
  const cases = [
    {
      name: "takes the target's preferred version when the backup holds it (backup-preferred too)",
      stored: { preferred: "v1", versions: ["v1"] },
      served: { preferred: "v1", versions: ["v1"] },
      want: { kind: "restore", version: "v1", dir: {}, rule: "target-preferred" },
    },
    {
      name: "reads the target's preferred version from its own directory when the backup preferred another",
      stored: { preferred: "v1beta1", versions: ["v1", "v1beta1"] },
      served: { preferred: "v1", versions: ["v1", "v1beta1"] },
      want: {
        kind: "restore",
        version: "v1",
        dir: { version: "v1", preferred: false },
        rule: "target-preferred",
      },
    },
    {
      name: "falls back to the backup's preferred version when the cluster serves it",
      stored: { preferred: "v2", versions: ["v2"] },
      served: { preferred: "v3", versions: ["v3", "v2"] },
      want: { kind: "restore", version: "v2", dir: {}, rule: "backup-preferred" },
    },
    {
      name: "falls back to any common version, in the cluster's priority order",
      stored: { preferred: "v4", versions: ["v1", "v2", "v4"] },
      served: { preferred: "v3", versions: ["v3", "v2", "v1"] },
      want: {
        kind: "restore",
        version: "v2",
        dir: { version: "v2", preferred: false },
        rule: "common",
      },
    },
    {
      name: "skips a resource none of whose stored versions the cluster serves",
      stored: { preferred: "v1alpha1", versions: ["v1alpha1"] },
      served: { preferred: "v1", versions: ["v1"] },
      want: {
        kind: "skip",
        reason: "the backup holds versions v1alpha1 but the cluster serves v1",
      },
    },
    {
      name: "skips a resource the cluster does not serve at all",
      stored: { preferred: "v1", versions: ["v1"] },
      served: { preferred: undefined, versions: [] },
      want: { kind: "skip", reason: "the cluster does not serve this resource" },
    },
    {
      name: "reads archives without version directories unversioned (format 1.0)",
      stored: { versions: [] },
      served: { preferred: "v1", versions: ["v1"] },
      want: { kind: "restore", version: undefined, dir: {}, rule: "legacy-archive" },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(chooseRestoreVersion(c.stored, c.served), c.want);
    });
  }
});
