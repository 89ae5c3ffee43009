import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { NodeAgentConfigError, parseNodeAgentConfig } from "./config.js";

const env = { NODE_NAME: "node-1", VELERO_NAMESPACE: "backup-system" };

describe("parseNodeAgentConfig", () => {
  it("reads the node, namespace and defaults from a DaemonSet pod's environment", () => {
    const config = parseNodeAgentConfig([], {
      ...env,
      VELERO_SCRATCH_DIR: "/scratch",
      AWS_SHARED_CREDENTIALS_FILE: "/credentials/cloud",
    });
    assert.equal(config.nodeName, "node-1");
    assert.equal(config.namespace, "backup-system");
    assert.equal(config.hostPodsRoot, "/host_pods");
    assert.equal(config.credentialsFile, "/credentials/cloud");
    assert.equal(config.scratchDir, "/scratch");
    assert.deepEqual(config.metricsAddress, { host: "0.0.0.0", port: 8085 });
    assert.equal(config.prepareTimeoutMs, 30 * 60_000);
    assert.equal(config.concurrency, 2);
    assert.equal(config.logLevel, "info");
  });

  it("accepts Velero's node-agent flags and the test overrides", () => {
    const config = parseNodeAgentConfig(
      [
        "--features=EnableCSI",
        "--log-level",
        "warning",
        "--metrics-address",
        "127.0.0.1:0",
        "--data-mover-prepare-timeout",
        "5m",
        "--node-agent-configmap",
        "na-config",
        "--host-pods-root",
        "/tmp/node-1/pods",
        "--concurrency",
        "4",
      ],
      env,
    );
    assert.deepEqual(config.features, ["EnableCSI"]);
    assert.equal(config.logLevel, "warn");
    assert.deepEqual(config.metricsAddress, { host: "127.0.0.1", port: 0 });
    assert.equal(config.prepareTimeoutMs, 300_000);
    assert.equal(config.hostPodsRoot, "/tmp/node-1/pods");
    assert.equal(config.concurrency, 4);
  });

  it("puts /host_pods under the test cluster's stand-in root when there is no sandbox", () => {
    const config = parseNodeAgentConfig([], { ...env, KUBECTL_VELERO_ROOT: "/tmp/root" });
    assert.equal(config.hostPodsRoot, "/tmp/root/host_pods");
  });

  it("refuses to start without NODE_NAME, or with a bad flag, naming the problem", () => {
    assert.throws(() => parseNodeAgentConfig([], {}), /NODE_NAME is not set/);
    assert.throws(
      () => parseNodeAgentConfig(["--log-format", "xml"], env),
      (error) => error instanceof NodeAgentConfigError && /--log-format "xml"/.test(error.message),
    );
    assert.throws(() => parseNodeAgentConfig(["--concurrency", "0"], env), /must be an integer/);
    assert.throws(() => parseNodeAgentConfig(["--bogus"], env), /unknown option '--bogus'/);
  });
});
