// The demo's application: a Deployment whose pod writes files into a PersistentVolumeClaim,
// a Service, a ConfigMap and a Secret, in one namespace.

/** The namespace of the sample application. */
export const APP_NAMESPACE = "demo-shop";

/** The files the pod writes once into its volume (then it only sleeps). */
export const APP_FILES = ["orders-1.bin", "orders-2.bin", "orders-3.bin"];

const writeOnce = [
  "if [ ! -f /data/ready ]; then",
  ...APP_FILES.map((f) => `head -c 1048576 /dev/urandom > /data/${f};`),
  "echo ready > /data/ready; fi; while true; do sleep 3600; done",
].join(" ");

/** The application as one kubectl List. */
export function sampleApplication(): string {
  const labels = { app: "shop" };
  const items = [
    { apiVersion: "v1", kind: "Namespace", metadata: { name: APP_NAMESPACE } },
    {
      apiVersion: "v1",
      kind: "PersistentVolumeClaim",
      metadata: { name: "orders", namespace: APP_NAMESPACE },
      spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } },
    },
    {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "shop-settings", namespace: APP_NAMESPACE },
      data: { currency: "EUR", theme: "dark" },
    },
    {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "shop-db", namespace: APP_NAMESPACE },
      type: "Opaque",
      stringData: { password: "correct-horse-battery-staple" },
    },
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "shop", namespace: APP_NAMESPACE, labels },
      spec: { selector: labels, ports: [{ port: 80, targetPort: 8080 }] },
    },
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "shop", namespace: APP_NAMESPACE, labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            containers: [
              {
                name: "shop",
                image: "busybox:1.36",
                command: ["sh", "-c", writeOnce],
                volumeMounts: [{ name: "orders", mountPath: "/data" }],
              },
            ],
            volumes: [{ name: "orders", persistentVolumeClaim: { claimName: "orders" } }],
          },
        },
      },
    },
  ];
  return JSON.stringify({ apiVersion: "v1", kind: "List", items });
}
