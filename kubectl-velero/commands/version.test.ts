import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ServerStatusRequest } from "../../lib/api/index.js";
import type { Clock } from "../../lib/clock.js";
import { formatServerVersion, requestServerVersion } from "./version.js";

describe("version's server block", () => {
  const cases: [string, string, string, string][] = [
    ["same version", "v0.1.0", "v0.1.0", "Server:\n\tVersion: v0.1.0\n"],
    ["a patch difference", "v0.1.3", "v0.1.0", "Server:\n\tVersion: v0.1.3\n"],
    [
      "a newer server",
      "v0.2.0",
      "v0.1.0",
      "Server:\n\tVersion: v0.2.0\n# WARNING: the client version does not match the server version. Please update client\n",
    ],
    [
      "an older server",
      "v1.0.0",
      "v2.1.0",
      "Server:\n\tVersion: v1.0.0\n# WARNING: the client version does not match the server version. Please update server\n",
    ],
    ["an unparsable server version", "dev", "v0.1.0", "Server:\n\tVersion: dev\n"],
  ];
  for (const [what, server, client, expected] of cases) {
    it(`prints ${what}`, () => {
      assert.equal(formatServerVersion({ version: server }, client), expected);
    });
  }

  it("prints a failure as Velero's single error line", () => {
    assert.equal(formatServerVersion({ error: "boom" }), "<error getting server version: boom>\n");
  });
});

/** A clock whose sleeps pass instantly. */
function instantClock(): Clock & { slept: number } {
  let now = 0;
  return {
    slept: 0,
    now: () => new Date(now),
    sleep(ms: number) {
      now += ms;
      this.slept += ms;
      return Promise.resolve();
    },
  };
}

function fakeRequests(processAfterGets: number): {
  namespace: string;
  created: ServerStatusRequest[];
  create(o: ServerStatusRequest): Promise<ServerStatusRequest>;
  get(name: string): Promise<ServerStatusRequest>;
} {
  let gets = 0;
  const created: ServerStatusRequest[] = [];
  return {
    namespace: "velero",
    created,
    create(object) {
      created.push(object);
      return Promise.resolve({ ...object, metadata: { ...object.metadata, name: "velero-cli-x" } });
    },
    get(name) {
      gets++;
      const base = created[0];
      assert.ok(base !== undefined);
      assert.equal(name, "velero-cli-x");
      const processed = gets > processAfterGets;
      return Promise.resolve({
        ...base,
        status: processed ? { phase: "Processed", serverVersion: "v9.9.9" } : {},
      });
    },
  };
}

describe("requestServerVersion", () => {
  it("creates a velero-cli- request and polls every 250 ms until it is processed", async () => {
    const requests = fakeRequests(3);
    const clock = instantClock();
    const version = await requestServerVersion({ requests, clock, timeoutMs: 5000 });
    assert.equal(version, "v9.9.9");
    assert.deepEqual(
      requests.created.map((r) => [r.metadata.generateName, r.metadata.namespace]),
      [["velero-cli-", "velero"]],
    );
    assert.equal(clock.slept, 750);
  });

  it("gives up after the timeout with Velero's message", async () => {
    const requests = fakeRequests(Number.MAX_SAFE_INTEGER);
    const clock = instantClock();
    await assert.rejects(
      requestServerVersion({ requests, clock, timeoutMs: 1000 }),
      /timed out waiting for server status request to be processed/,
    );
    assert.equal(clock.slept, 1000);
  });
});
