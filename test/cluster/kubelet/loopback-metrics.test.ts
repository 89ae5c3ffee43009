import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { withLoopbackMetrics } from "./loopback-metrics.js";

describe("withLoopbackMetrics", () => {
  const cases: [string, string[], string[]][] = [
    [
      "adds a loopback address to the agent's server command",
      ["server", "--features="],
      ["server", "--features=", "--metrics-address=127.0.0.1:0"],
    ],
    [
      "adds a loopback address to the node-agent's server command",
      ["node-agent", "server"],
      ["node-agent", "server", "--metrics-address=127.0.0.1:0"],
    ],
    [
      "keeps an address the pod names itself (separate value)",
      ["server", "--metrics-address", ":9090"],
      ["server", "--metrics-address", ":9090"],
    ],
    [
      "keeps an address the pod names itself (joined value)",
      ["server", "--metrics-address=:9090"],
      ["server", "--metrics-address=:9090"],
    ],
    ["leaves other commands alone", ["velero-restore-helper"], ["velero-restore-helper"]],
    ["leaves node-agent subcommands other than server alone", ["node-agent"], ["node-agent"]],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => {
      assert.deepEqual(withLoopbackMetrics(input), expected);
    });
  }
});
