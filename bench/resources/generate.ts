// Benchmark data shared by the backup and restore benchmarks: a deterministic mix of
// ConfigMaps, Secrets, Services and Deployments spread over namespaces, and a way to seed it
// into a local test cluster's data directory quickly (in-process, no HTTP).
import type { KubeObject, ResourceRef } from "../../test/cluster/cluster-api.js";
import { startCluster } from "../../test/cluster/start-cluster.js";

/** How much data to generate. */
export interface GenerateOptions {
  /** Objects besides the namespaces. */
  readonly objects: number;
  readonly namespaces: number;
  /** Namespace name prefix (default `bench`): namespaces are `<prefix>-0` ... */
  readonly prefix?: string;
}

/** One object to create and the resource it belongs to. */
export interface BenchObject {
  readonly ref: ResourceRef;
  readonly object: KubeObject;
}

const core = (resource: string): ResourceRef => ({ group: "", version: "v1", resource });
const apps = (resource: string): ResourceRef => ({ group: "apps", version: "v1", resource });

/** The namespace names of `options`. */
export function benchNamespaces(options: GenerateOptions): string[] {
  const prefix = options.prefix ?? "bench";
  return Array.from({ length: options.namespaces }, (_, i) => `${prefix}-${String(i)}`);
}

function labels(i: number): Record<string, string> {
  return {
    app: `app-${String(i % 50)}`,
    tier: ["web", "api", "db"][i % 3] ?? "web",
    bench: "true",
  };
}

function configMap(i: number, namespace: string): KubeObject {
  const data: Record<string, string> = {};
  for (let k = 0; k < 8; k++)
    data[`key-${String(k)}`] = `value ${String(i)}-${String(k)} `.repeat(4);
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: `cm-${String(i)}`, namespace, labels: labels(i) },
    data,
  };
}

function secret(i: number, namespace: string): KubeObject {
  const value = (text: string): string => Buffer.from(text).toString("base64");
  return {
    apiVersion: "v1",
    kind: "Secret",
    type: "Opaque",
    metadata: { name: `secret-${String(i)}`, namespace, labels: labels(i) },
    data: {
      username: value(`user-${String(i)}`),
      password: value(`p@ss-${String(i)}-`.repeat(3)),
      token: value("t".repeat(64)),
    },
  };
}

function service(i: number, namespace: string): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: `svc-${String(i)}`, namespace, labels: labels(i) },
    spec: {
      selector: { app: `app-${String(i % 50)}` },
      ports: [
        { name: "http", port: 80, targetPort: 8080, protocol: "TCP" },
        { name: "metrics", port: 9090, targetPort: 9090, protocol: "TCP" },
      ],
    },
  };
}

function deployment(i: number, namespace: string): KubeObject {
  const app = `app-${String(i % 50)}`;
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: `deploy-${String(i)}`, namespace, labels: labels(i) },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app, deploy: `deploy-${String(i)}` } },
      template: {
        metadata: { labels: { app, deploy: `deploy-${String(i)}` } },
        spec: {
          containers: [
            {
              name: "main",
              image: "registry.example.com/team/service:1.2.3",
              ports: [{ containerPort: 8080 }],
              env: [
                { name: "MODE", value: "production" },
                { name: "INDEX", value: String(i) },
              ],
              resources: {
                requests: { cpu: "100m", memory: "128Mi" },
                limits: { memory: "256Mi" },
              },
            },
          ],
        },
      },
    },
  };
}

/**
 * The namespaces, then `objects` objects dealt round-robin over them: 40% ConfigMaps, 25%
 * Secrets, 20% Services, 15% Deployments. Object `i` is the same in every run.
 */
export function* benchObjects(options: GenerateOptions): Generator<BenchObject> {
  const namespaces = benchNamespaces(options);
  for (const name of namespaces) {
    yield {
      ref: core("namespaces"),
      object: { apiVersion: "v1", kind: "Namespace", metadata: { name } },
    };
  }
  for (let i = 0; i < options.objects; i++) {
    const namespace = namespaces[i % namespaces.length] ?? "default";
    const slot = i % 20;
    if (slot < 8) yield { ref: core("configmaps"), object: configMap(i, namespace) };
    else if (slot < 13) yield { ref: core("secrets"), object: secret(i, namespace) };
    else if (slot < 17) yield { ref: core("services"), object: service(i, namespace) };
    else yield { ref: apps("deployments"), object: deployment(i, namespace) };
  }
}

/**
 * Creates the data in a cluster persisted under `dataDir` (started in this process without
 * controllers, then stopped), so a cluster started later from `dataDir` serves it at once.
 */
export async function seedClusterData(dataDir: string, options: GenerateOptions): Promise<number> {
  const cluster = await startCluster({ name: "bench", dataDir, controllers: false });
  let created = 0;
  try {
    for (const { ref, object } of benchObjects(options)) {
      cluster.api.create(ref, object);
      created++;
    }
  } finally {
    await cluster.stop();
  }
  return created;
}
