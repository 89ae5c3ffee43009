// Fidelity of the local test cluster as the real kubectl sees it: apply, get in every output
// format, watch, wait, label/annotate/patch, protobuf creates, namespace deletion, errors,
// dry runs and server-side apply.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { startTestCluster } from "../helpers/local-cluster.js";
import type { TestCluster } from "../helpers/local-cluster.js";

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wg]}
  versions:
  - name: v1
    served: true
    storage: true
    subresources: {status: {}}
    additionalPrinterColumns:
    - {name: Size, type: string, jsonPath: .spec.size}
    - {name: Replicas, type: integer, jsonPath: .spec.replicas}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            required: [size]
            properties:
              size: {type: string, enum: [small, large]}
              replicas: {type: integer, minimum: 0, default: 1}
`;

const APP = `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop, labels: {app: web}}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
        ports: [{containerPort: 80}]
        env: [{name: MODE, value: one}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 80}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: shop}
data: {color: blue}
---
apiVersion: v1
kind: Secret
metadata: {name: creds, namespace: shop}
data: {password: aHVudGVyMg==}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data, namespace: shop}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
---
${CRD}---
apiVersion: example.com/v1
kind: Widget
metadata: {name: w1, namespace: shop}
spec: {size: small}
`;

const cluster: TestCluster = await startTestCluster({ name: "fidelity", nodes: 2 });

async function ok(args: string[], input?: string): Promise<string> {
  const result = await cluster.kubectl(args, input === undefined ? {} : { input });
  assert.equal(result.code, 0, `kubectl ${args.join(" ")} failed: ${result.stderr}`);
  return result.stdout;
}

describe("kubectl against the local cluster", () => {
  it("applies a multi-document manifest with a CRD and its custom resource, then finds nothing to change", async () => {
    const first = await cluster.kubectl(["apply", "-f", "-"], { input: APP });
    assert.equal(first.code, 1, "kubectl cannot map a kind whose CRD it creates in the same run");
    assert.match(
      first.stderr,
      /no matches for kind "Widget" in version "example.com\/v1"\nensure CRDs are installed first/,
    );
    for (const line of [
      "namespace/shop created",
      "deployment.apps/web created",
      "service/web created",
      "configmap/settings created",
      "secret/creds created",
      "persistentvolumeclaim/data created",
      "customresourcedefinition.apiextensions.k8s.io/widgets.example.com created",
    ]) {
      assert.ok(first.stdout.includes(line), `missing "${line}" in ${first.stdout}`);
    }
    const second = await ok(["apply", "-f", "-"], APP);
    assert.match(second, /widget\.example\.com\/w1 created/);
    const third = await ok(["apply", "-f", "-"], APP);
    assert.equal(
      third
        .trim()
        .split("\n")
        .filter((l) => !l.endsWith(" unchanged")).length,
      0,
      third,
    );
  });

  it("re-applies a changed Deployment as a strategic merge patch that keeps a container added by someone else", async () => {
    await ok([
      "patch",
      "deployment",
      "web",
      "-n",
      "shop",
      "-p",
      '{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"busybox"}]}}}}',
    ]);
    const changed = APP.replace("nginx:1.25", "nginx:1.26").replace("value: one", "value: two");
    assert.match(await ok(["apply", "-f", "-"], changed), /deployment\.apps\/web configured/);
    const out = await ok([
      "get",
      "deployment",
      "web",
      "-n",
      "shop",
      "-o",
      "jsonpath={.spec.template.spec.containers[*].name} {.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].env[0].value} {.metadata.generation}",
    ]);
    assert.equal(out, "nginx sidecar nginx:1.26 two 3");
  });

  it("prints objects as JSON, YAML, wide tables, JSONPath and across all namespaces", async () => {
    const json = JSON.parse(
      await ok(["get", "configmap", "settings", "-n", "shop", "-o", "json"]),
    ) as { data: unknown; metadata: { uid: string } };
    assert.deepEqual(json.data, { color: "blue" });
    assert.match(json.metadata.uid, /^[0-9a-f-]{36}$/);
    assert.match(
      await ok(["get", "secret", "creds", "-n", "shop", "-o", "yaml"]),
      /^ {2}password: aHVudGVyMg==$/m,
    );
    const wide = await ok(["get", "deployments", "-n", "shop", "-o", "wide"]);
    assert.match(
      wide,
      /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR$/m,
    );
    assert.match(
      wide,
      /^web\s+0\/2\s+0\s+0\s+\S+\s+nginx,sidecar\s+nginx:1\.26,busybox\s+app=web$/m,
    );
    const all = await ok(["get", "services", "-A"]);
    assert.match(all, /^NAMESPACE\s+NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE$/m);
    assert.match(all, /^default\s+kubernetes\s+ClusterIP\s+10\.96\.0\.1\s+<none>\s+443\/TCP/m);
    assert.match(all, /^shop\s+web\s+ClusterIP\s+10\.96\.\d+\.\d+\s+<none>\s+80\/TCP/m);
    assert.equal(
      await ok(["get", "nodes", "-o", "jsonpath={.items[*].metadata.name}"]),
      "fidelity-node-1 fidelity-node-2",
    );
  });

  it("shows a CRD's printer columns and applies its schema default", async () => {
    const table = await ok(["get", "wg", "-n", "shop"]);
    assert.match(table, /^NAME\s+SIZE\s+REPLICAS$/m);
    assert.match(table, /^w1\s+small\s+1$/m);
  });

  it("streams a change to kubectl get --watch", async () => {
    const watch = cluster.kubectl([
      "get",
      "configmaps",
      "-n",
      "shop",
      "--watch",
      "--request-timeout=8s",
    ]);
    const deadline = Date.now() + 6000;
    while (cluster.hooks.openWatches() === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.ok(cluster.hooks.openWatches() > 0, "kubectl opened a watch");
    await ok(["create", "configmap", "watched", "-n", "shop", "--from-literal=a=b"]);
    const result = await watch;
    assert.match(result.stdout, /^settings\s+1\s+/m);
    assert.match(result.stdout, /^watched\s+1\s+/m, "the new ConfigMap arrived through the watch");
  });

  it("waits for a CRD condition and for a JSONPath value", async () => {
    assert.match(
      await ok(["wait", "--for=condition=Established", "crd/widgets.example.com", "--timeout=10s"]),
      /condition met/,
    );
    assert.match(
      await ok([
        "wait",
        "--for=jsonpath={.status.phase}=Active",
        "namespace/shop",
        "--timeout=10s",
      ]),
      /condition met/,
    );
  });

  it("labels, annotates and patches with strategic, merge and JSON patches", async () => {
    await ok(["label", "configmap", "settings", "-n", "shop", "tier=backend"]);
    await ok(["annotate", "configmap", "settings", "-n", "shop", "owner=team-a"]);
    await ok(["patch", "configmap", "settings", "-n", "shop", "-p", '{"data":{"size":"xl"}}']);
    await ok([
      "patch",
      "configmap",
      "settings",
      "-n",
      "shop",
      "--type=merge",
      "-p",
      '{"data":{"color":null}}',
    ]);
    await ok([
      "patch",
      "configmap",
      "settings",
      "-n",
      "shop",
      "--type=json",
      "-p",
      '[{"op":"add","path":"/data/shape","value":"round"}]',
    ]);
    const out = JSON.parse(
      await ok(["get", "configmap", "settings", "-n", "shop", "-o", "json"]),
    ) as { data: unknown; metadata: { labels: unknown; annotations: Record<string, string> } };
    assert.deepEqual(out.data, { size: "xl", shape: "round" });
    assert.deepEqual(out.metadata.labels, { tier: "backend" });
    assert.equal(out.metadata.annotations["owner"], "team-a");
    await ok([
      "patch",
      "widget",
      "w1",
      "-n",
      "shop",
      "--type=merge",
      "-p",
      '{"spec":{"size":"large"}}',
    ]);
    const strategic = await cluster.kubectl([
      "patch",
      "widget",
      "w1",
      "-n",
      "shop",
      "--type=strategic",
      "-p",
      '{"spec":{"size":"small"}}',
    ]);
    assert.notEqual(strategic.code, 0);
    assert.match(
      strategic.stderr,
      /application\/strategic-merge-patch\+json is not supported by example\.com\/v1, Kind=Widget/,
    );
  });

  it("creates namespaces, configmaps, secrets and deployments from protobuf request bodies", async () => {
    await ok(["create", "namespace", "proto"]);
    await ok(["create", "configmap", "pc", "-n", "proto", "--from-literal=a=b"]);
    await ok(["create", "secret", "generic", "ps", "-n", "proto", "--from-literal=x=y"]);
    await ok(["create", "deployment", "pd", "-n", "proto", "--image=nginx", "--replicas=0"]);
    await ok(["create", "priorityclass", "zero", "--value=0"]);
    assert.equal(
      await ok(["get", "configmap", "pc", "-n", "proto", "-o", "jsonpath={.data.a}"]),
      "b",
    );
    assert.equal(
      await ok(["get", "secret", "ps", "-n", "proto", "-o", "jsonpath={.data.x}"]),
      Buffer.from("y").toString("base64"),
    );
    assert.equal(
      await ok([
        "get",
        "deployment",
        "pd",
        "-n",
        "proto",
        "-o",
        "jsonpath={.spec.replicas} {.spec.strategy.type}",
      ]),
      "0 RollingUpdate",
    );
    assert.equal(await ok(["get", "priorityclass", "zero", "-o", "jsonpath={.value}"]), "0");
  });

  it("deletes a namespace, blocking until it and its contents are gone", async () => {
    await ok(["create", "namespace", "doomed"]);
    await ok(["create", "configmap", "inside", "-n", "doomed"]);
    assert.match(await ok(["delete", "namespace", "doomed"]), /namespace "doomed" deleted/);
    const gone = await cluster.kubectl(["get", "namespace", "doomed"]);
    assert.equal(gone.code, 1);
    assert.equal(
      cluster.api.list(
        { group: "", version: "v1", resource: "configmaps" },
        { namespace: "doomed" },
      ).length,
      0,
    );
  });

  it("reports a missing object and a conflicting create with the real server's errors", async () => {
    const missing = await cluster.kubectl(["get", "configmap", "x", "-n", "shop"]);
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr.trim(), 'Error from server (NotFound): configmaps "x" not found');
    const missingDeploy = await cluster.kubectl(["get", "deployment", "x", "-n", "shop"]);
    assert.equal(
      missingDeploy.stderr.trim(),
      'Error from server (NotFound): deployments.apps "x" not found',
    );
    const conflict = await cluster.kubectl(["create", "configmap", "settings", "-n", "shop"]);
    assert.equal(conflict.code, 1);
    assert.match(conflict.stderr, /configmaps "settings" already exists/);
    const invalid = await cluster.kubectl(["apply", "-f", "-"], {
      input:
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: bad, namespace: shop}\nspec:\n  template:\n    spec: {}\n",
    });
    assert.equal(invalid.code, 1);
    assert.match(
      invalid.stderr,
      /The Deployment "bad" is invalid: \n\* spec\.selector: Required value\n\* spec\.template\.spec\.containers: Required value/,
    );
    const unknown = await cluster.kubectl(["apply", "-f", "-"], {
      input:
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: typo, namespace: shop}\ndatta: {a: b}\n",
    });
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /strict decoding error: unknown field "datta"/);
  });

  it("validates but stores nothing with --dry-run=server", async () => {
    assert.match(
      await ok(["create", "configmap", "dry", "-n", "shop", "--dry-run=server", "-o", "name"]),
      /configmap\/dry/,
    );
    assert.equal((await cluster.kubectl(["get", "configmap", "dry", "-n", "shop"])).code, 1);
    await ok(["delete", "configmap", "settings", "-n", "shop", "--dry-run=server"]);
    await ok(["get", "configmap", "settings", "-n", "shop"]);
  });

  it("server-side applies, drops fields the manager stops applying and reports conflicts", async () => {
    const doc = (data: string): string =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ssa, namespace: shop}\ndata: {${data}}\n`;
    assert.match(
      await ok(["apply", "--server-side", "-f", "-"], doc("a: '1', b: '2'")),
      /configmap\/ssa serverside-applied/,
    );
    await ok(["apply", "--server-side", "-f", "-"], doc("a: '1'"));
    assert.equal(
      await ok(["get", "configmap", "ssa", "-n", "shop", "-o", "jsonpath={.data}"]),
      '{"a":"1"}',
    );
    await ok([
      "patch",
      "configmap",
      "ssa",
      "-n",
      "shop",
      "--type=merge",
      "-p",
      '{"data":{"a":"other"}}',
    ]);
    const conflict = await cluster.kubectl(["apply", "--server-side", "-f", "-"], {
      input: doc("a: '1'"),
    });
    assert.equal(conflict.code, 1);
    assert.match(conflict.stderr, /Apply failed with 1 conflict: conflict with "kubectl-patch"/);
    await ok(["apply", "--server-side", "--force-conflicts", "-f", "-"], doc("a: '1'"));
    assert.equal(
      await ok(["get", "configmap", "ssa", "-n", "shop", "-o", "jsonpath={.data.a}"]),
      "1",
    );
  });

  it("scales a Deployment through its scale subresource", async () => {
    assert.match(
      await ok(["scale", "deployment", "web", "-n", "shop", "--replicas=5"]),
      /deployment\.apps\/web scaled/,
    );
    assert.equal(
      await ok(["get", "deployment", "web", "-n", "shop", "-o", "jsonpath={.spec.replicas}"]),
      "5",
    );
    const scale = JSON.parse(
      await ok(["get", "--raw", "/apis/apps/v1/namespaces/shop/deployments/web/scale"]),
    ) as { kind: string; spec: { replicas: number }; status: { selector: string } };
    assert.deepEqual(
      [scale.kind, scale.spec.replicas, scale.status.selector],
      ["Scale", 5, "app=web"],
    );
  });

  it("lists api-resources with kinds, short names and scope", async () => {
    const out = await ok(["api-resources"]);
    assert.match(out, /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
    assert.match(out, /^namespaces\s+ns\s+v1\s+false\s+Namespace$/m);
    assert.match(out, /^widgets\s+wg\s+example\.com\/v1\s+true\s+Widget$/m);
  });
});
