// Defaults of pod specs (in pods and in workload templates) as the API server's defaulting
// fills them, and the pod-only admission steps: service account, its token volume, default
// tolerations, priority and the initial Pending status.
import type { KubeObject } from "../cluster-api.js";
import { randomSuffix } from "../api/object-meta.js";
import { isJson, itemsAt, objectAt, setDefault, text } from "./defaults.js";
import type { Json } from "./defaults.js";

function imagePullPolicy(image: unknown): string {
  if (typeof image !== "string") return "IfNotPresent";
  const last = image.split("/").pop() ?? "";
  if (image.includes("@")) return "IfNotPresent";
  return !last.includes(":") || last.endsWith(":latest") ? "Always" : "IfNotPresent";
}

function defaultContainer(container: Json): void {
  setDefault(container, "terminationMessagePath", "/dev/termination-log");
  setDefault(container, "terminationMessagePolicy", "File");
  setDefault(container, "imagePullPolicy", imagePullPolicy(container["image"]));
  setDefault(container, "resources", {});
  for (const port of itemsAt(container, "ports")) setDefault(port, "protocol", "TCP");
  for (const env of itemsAt(container, "env")) {
    const fieldRef = isJson(env["valueFrom"]) ? env["valueFrom"]["fieldRef"] : undefined;
    if (isJson(fieldRef)) setDefault(fieldRef, "apiVersion", "v1");
  }
}

function defaultVolume(volume: Json): void {
  for (const key of ["configMap", "secret", "projected", "downwardAPI"]) {
    const source = volume[key];
    if (isJson(source)) setDefault(source, "defaultMode", 420);
  }
  const hostPath = volume["hostPath"];
  if (isJson(hostPath)) setDefault(hostPath, "type", "");
}

/** Fills the defaults of a PodSpec in place. */
export function defaultPodSpec(spec: Json): void {
  setDefault(spec, "restartPolicy", "Always");
  setDefault(spec, "terminationGracePeriodSeconds", 30);
  setDefault(spec, "dnsPolicy", "ClusterFirst");
  setDefault(spec, "securityContext", {});
  setDefault(spec, "schedulerName", "default-scheduler");
  for (const key of ["containers", "initContainers"])
    for (const c of itemsAt(spec, key)) defaultContainer(c);
  for (const volume of itemsAt(spec, "volumes")) defaultVolume(volume);
}

/** Fills the defaults of a PodTemplateSpec's spec in place (a missing template is left alone). */
export function defaultTemplate(template: unknown): void {
  if (!isJson(template)) return;
  setDefault(template, "metadata", {});
  defaultPodSpec(objectAt(template, "spec"));
}

const SERVICE_ACCOUNT_MOUNT = "/var/run/secrets/kubernetes.io/serviceaccount";

function tokenVolume(name: string): Json {
  return {
    name,
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: "token" } },
        { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
        {
          downwardAPI: {
            items: [
              {
                path: "namespace",
                fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" },
              },
            ],
          },
        },
      ],
    },
  };
}

function mountsServiceAccount(spec: Json): boolean {
  return itemsAt(spec, "containers").some((c) =>
    itemsAt(c, "volumeMounts").some((m) => m["mountPath"] === SERVICE_ACCOUNT_MOUNT),
  );
}

/** Adds the projected service-account token volume and its mounts, as the ServiceAccount admission plugin does. */
export function addServiceAccountVolume(spec: Json, automountDefault: boolean): void {
  const automount = spec["automountServiceAccountToken"] ?? automountDefault;
  if (automount === false || mountsServiceAccount(spec)) return;
  const name = `kube-api-access-${randomSuffix()}`;
  spec["volumes"] = [...itemsAt(spec, "volumes"), tokenVolume(name)];
  for (const key of ["containers", "initContainers"]) {
    for (const container of itemsAt(spec, key)) {
      const mount = { name, readOnly: true, mountPath: SERVICE_ACCOUNT_MOUNT };
      container["volumeMounts"] = [...itemsAt(container, "volumeMounts"), mount];
    }
  }
}

const DEFAULT_TOLERATIONS = ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"];

function addDefaultTolerations(spec: Json): void {
  const tolerations = itemsAt(spec, "tolerations");
  for (const key of DEFAULT_TOLERATIONS) {
    if (
      tolerations.some(
        (t) => t["key"] === key && (t["effect"] === "NoExecute" || t["effect"] === undefined),
      )
    )
      continue;
    tolerations.push({ key, operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 });
  }
  spec["tolerations"] = tolerations;
}

function qosClass(spec: Json): string {
  const resources = itemsAt(spec, "containers").map((c) =>
    isJson(c["resources"]) ? c["resources"] : {},
  );
  const any = resources.some(
    (r) => Object.keys(r["requests"] ?? {}).length > 0 || Object.keys(r["limits"] ?? {}).length > 0,
  );
  if (!any) return "BestEffort";
  const guaranteed = resources.every((r) => {
    const limits = (r["limits"] ?? {}) as Json;
    const requests = (r["requests"] ?? limits) as Json;
    return ["cpu", "memory"].every(
      (k) => limits[k] !== undefined && text(limits[k]) === text(requests[k] ?? limits[k]),
    );
  });
  return guaranteed ? "Guaranteed" : "Burstable";
}

/** Pod-only admission: service account name, token volume, tolerations, priority, status. */
export function admitPod(pod: KubeObject, automountDefault: boolean): void {
  const spec = objectAt(pod, "spec");
  defaultPodSpec(spec);
  setDefault(spec, "enableServiceLinks", true);
  const account =
    typeof spec["serviceAccountName"] === "string" && spec["serviceAccountName"] !== ""
      ? spec["serviceAccountName"]
      : (spec["serviceAccount"] ?? "default");
  spec["serviceAccountName"] = account;
  spec["serviceAccount"] = account;
  addServiceAccountVolume(spec, automountDefault);
  addDefaultTolerations(spec);
  setDefault(spec, "priority", 0);
  setDefault(spec, "preemptionPolicy", "PreemptLowerPriority");
  pod["status"] = { phase: "Pending", qosClass: qosClass(spec) };
}
