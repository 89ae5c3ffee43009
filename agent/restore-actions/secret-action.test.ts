import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { KubeRestClient, loadKubeConfig } from "../../lib/kube/index.js";
import { silentLogger } from "../../lib/log.js";
import { startTestCluster } from "../../test/helpers/local-cluster.js";
import { createSecretAction } from "./secret-action.js";
import { runAction } from "./testing/run-action.js";

const cluster = await startTestCluster({ name: "secret-action" });
const rest = new KubeRestClient(loadKubeConfig({ kubeconfig: cluster.kubeconfigPath }));
const action = createSecretAction({ rest, log: silentLogger });
const core = (resource: string) => ({ group: "", version: "v1", resource });
cluster.api.create(core("namespaces"), {
  apiVersion: "v1",
  kind: "Namespace",
  metadata: { name: "apps" },
});
cluster.api.create(core("serviceaccounts"), {
  apiVersion: "v1",
  kind: "ServiceAccount",
  metadata: { name: "builder", namespace: "apps" },
});

const tokenSecret = (name: string) => ({
  apiVersion: "v1",
  kind: "Secret",
  type: "kubernetes.io/service-account-token",
  metadata: {
    name,
    namespace: "source",
    annotations: {
      "kubernetes.io/service-account.name": "builder",
      "kubernetes.io/service-account.uid": "old-uid",
    },
  },
  data: { token: "dG9rZW4=", "ca.crt": "Y2E=", namespace: "YXBwcw==" },
});

describe("velero.io/secret restore action", () => {
  it("skips a token secret generated for an account that exists in the target namespace", async () => {
    const out = await runAction(action, tokenSecret("builder-token-abcde"), {
      targetNamespace: "apps",
    });
    assert.equal(out.skipRestore, true);
  });

  it("restores another token secret without the old uid, token and CA", async () => {
    const out = await runAction(action, tokenSecret("manual-token"), { targetNamespace: "apps" });
    assert.notEqual(out.skipRestore, true);
    assert.deepEqual(out.item.metadata?.annotations, {
      "kubernetes.io/service-account.name": "builder",
    });
    assert.deepEqual(out.item["data"], { namespace: "YXBwcw==" });
  });

  it("leaves secrets of other types untouched", async () => {
    const opaque = { ...tokenSecret("builder-token-abcde"), type: "Opaque" };
    const out = await runAction(action, opaque, { targetNamespace: "apps" });
    assert.deepEqual(out.item, opaque);
    assert.notEqual(out.skipRestore, true);
  });
});
