// Defaults, validation and side effects of the core kinds that need no controller: namespaces
// (default ServiceAccount and root CA ConfigMap), secrets (stringData, base64), configmaps,
// volumes and claims, storage classes and a few more.
import { randomUUID } from "node:crypto";
import type { KubeObject } from "../cluster-api.js";
import type { ApiContext, FieldCause, KindStrategy } from "../api/api-context.js";
import { timestamp } from "../api/api-context.js";
import { badRequest, invalidValue, required } from "../api/api-errors.js";
import { immutable } from "./pod-validation.js";
import { isJson, objectAt, setDefault } from "./defaults.js";
import type { Json } from "./defaults.js";

function json(object: KubeObject): Json {
  return object;
}

/** Creates an object directly in storage when it does not exist yet (bootstrap and side effects). */
export function ensureObject(ctx: ApiContext, storageKey: string, object: KubeObject): void {
  const meta = object.metadata;
  if (ctx.store.get(storageKey, meta.namespace ?? "", meta.name ?? "") !== undefined) return;
  meta.uid = randomUUID();
  meta.creationTimestamp = timestamp(ctx.clock);
  ctx.store.write(storageKey, object, "ADDED");
}

/** Objects every namespace gets: the `default` ServiceAccount and `kube-root-ca.crt`. */
export function populateNamespace(ctx: ApiContext, namespace: string): void {
  ensureObject(ctx, "/serviceaccounts", {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: { name: "default", namespace },
  });
  ensureObject(ctx, "/configmaps", {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: {
      name: "kube-root-ca.crt",
      namespace,
      annotations: {
        "kubernetes.io/description":
          "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.",
      },
    },
    data: { "ca.crt": ctx.caCertificate },
  });
}

const namespace: KindStrategy = {
  prepareCreate: (object) => {
    const meta = object.metadata;
    meta.labels = { ...meta.labels, "kubernetes.io/metadata.name": meta.name ?? "" };
    json(object)["spec"] = { finalizers: ["kubernetes"] };
    json(object)["status"] = { phase: "Active" };
  },
  prepareUpdate: (object, old) => {
    object.metadata.labels = {
      ...object.metadata.labels,
      "kubernetes.io/metadata.name": old.metadata.name ?? "",
    };
    json(object)["spec"] = old["spec"];
  },
  afterCreate: (object, ctx) => {
    populateNamespace(ctx, object.metadata.name ?? "");
  },
};

const DATA_KEY = /^[-._a-zA-Z0-9]+$/;

function keyCauses(data: unknown, field: string): FieldCause[] {
  if (!isJson(data)) return [];
  return Object.keys(data)
    .filter((key) => !DATA_KEY.test(key) || key.length > 253)
    .map((key) =>
      invalidValue(
        field,
        key,
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
      ),
    );
}

function immutableData(object: KubeObject, old: KubeObject | undefined): FieldCause[] {
  if (old?.["immutable"] !== true) return [];
  return [
    ...immutable("data", object["data"], old["data"]).map((c) => ({
      ...c,
      reason: "FieldValueForbidden" as const,
      message: "Forbidden: field is immutable when `immutable` is set",
    })),
    ...immutable("immutable", object["immutable"], true),
  ];
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function checkBase64(data: unknown): void {
  if (!isJson(data)) return;
  for (const [key, value] of Object.entries(data)) {
    if (typeof value === "string" && (!BASE64.test(value) || value.length % 4 === 1)) {
      throw badRequest(
        `Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte ${key.length > 0 ? Math.max(0, value.search(/[^A-Za-z0-9+/=]/)) : 0}`,
      );
    }
  }
}

function foldStringData(object: KubeObject): void {
  const stringData = json(object)["stringData"];
  delete json(object)["stringData"];
  if (!isJson(stringData)) return;
  const data = objectAt(json(object), "data");
  for (const [key, value] of Object.entries(stringData))
    data[key] = Buffer.from(String(value)).toString("base64");
}

const secret: KindStrategy = {
  prepareCreate: (object) => {
    checkBase64(object["data"]);
    foldStringData(object);
    setDefault(json(object), "type", "Opaque");
  },
  prepareUpdate: (object) => {
    checkBase64(object["data"]);
    foldStringData(object);
    setDefault(json(object), "type", "Opaque");
  },
  validate: (object, old) => [
    ...keyCauses(object["data"], "data"),
    ...immutableData(object, old),
    ...(old === undefined ? [] : immutable("type", object["type"], old["type"])),
  ],
};

const configMap: KindStrategy = {
  validate: (object, old) => [
    ...keyCauses(object["data"], "data"),
    ...keyCauses(object["binaryData"], "binaryData"),
    ...immutableData(object, old),
  ],
};

function defaultStorageClass(ctx: ApiContext): string | undefined {
  const classes = ctx.store.list("storage.k8s.io/storageclasses");
  const marked = classes.filter(
    (c) => c.metadata.annotations?.["storageclass.kubernetes.io/is-default-class"] === "true",
  );
  return marked[marked.length - 1]?.metadata.name;
}

const claim: KindStrategy = {
  prepareUpdate: (object) => {
    setDefault(objectAt(json(object), "spec"), "volumeMode", "Filesystem");
  },
  prepareCreate: (object, ctx) => {
    const spec = objectAt(json(object), "spec");
    setDefault(spec, "volumeMode", "Filesystem");
    if (spec["storageClassName"] === undefined && spec["volumeName"] === undefined) {
      const name = defaultStorageClass(ctx);
      if (name !== undefined) spec["storageClassName"] = name;
    }
    json(object)["status"] = { phase: "Pending" };
  },
  validate: (object, old) => {
    const spec = isJson(object["spec"]) ? object["spec"] : {};
    const causes: FieldCause[] = [];
    if (!Array.isArray(spec["accessModes"]) || spec["accessModes"].length === 0)
      causes.push(required("spec.accessModes", "at least 1 access mode is required"));
    const requests =
      isJson(spec["resources"]) && isJson(spec["resources"]["requests"])
        ? spec["resources"]["requests"]
        : {};
    if (requests["storage"] === undefined) causes.push(required("spec.resources[storage]"));
    if (old !== undefined)
      causes.push(...claimImmutable(spec, isJson(old["spec"]) ? old["spec"] : {}));
    return causes;
  },
};

function claimImmutable(spec: Json, old: Json): FieldCause[] {
  const strip = (s: Json): Json => {
    const { resources: _r, volumeName, ...rest } = s;
    return (old["volumeName"] ?? "") === "" ? rest : { ...rest, volumeName };
  };
  return immutable("spec", strip(spec), strip(old)).map((c) => ({
    ...c,
    reason: "FieldValueForbidden" as const,
    message:
      "Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims",
  }));
}

function volumeDefaults(object: KubeObject): void {
  const spec = objectAt(json(object), "spec");
  setDefault(spec, "persistentVolumeReclaimPolicy", "Retain");
  setDefault(spec, "volumeMode", "Filesystem");
}

const volume: KindStrategy = {
  prepareCreate: (object) => {
    volumeDefaults(object);
    json(object)["status"] = { phase: "Pending" };
  },
  prepareUpdate: volumeDefaults,
};

function storageClassDefaults(object: KubeObject): void {
  setDefault(json(object), "reclaimPolicy", "Delete");
  setDefault(json(object), "volumeBindingMode", "Immediate");
}

const storageClass: KindStrategy = {
  prepareCreate: storageClassDefaults,
  prepareUpdate: storageClassDefaults,
  validate: (object) =>
    typeof object["provisioner"] === "string" && object["provisioner"] !== ""
      ? []
      : [required("provisioner")],
};

function priorityDefaults(object: KubeObject): void {
  setDefault(json(object), "preemptionPolicy", "PreemptLowerPriority");
}

const priorityClass: KindStrategy = {
  prepareCreate: priorityDefaults,
  prepareUpdate: priorityDefaults,
  validate: (object) => (typeof object["value"] === "number" ? [] : [required("value")]),
};

function networkPolicyDefaults(object: KubeObject): void {
  const spec = objectAt(json(object), "spec");
  if (spec["policyTypes"] === undefined) {
    spec["policyTypes"] = spec["egress"] === undefined ? ["Ingress"] : ["Ingress", "Egress"];
  }
}

const networkPolicy: KindStrategy = {
  prepareCreate: networkPolicyDefaults,
  prepareUpdate: networkPolicyDefaults,
};

const node: KindStrategy = {
  prepareCreate: (object) => {
    setDefault(json(object), "spec", {});
    setDefault(json(object), "status", {});
  },
};

/** Strategies of the core kinds by storage key. */
export const CORE_STRATEGIES: ReadonlyMap<string, KindStrategy> = new Map([
  ["/namespaces", namespace],
  ["/secrets", secret],
  ["/configmaps", configMap],
  ["/persistentvolumeclaims", claim],
  ["/persistentvolumes", volume],
  ["/nodes", node],
  ["storage.k8s.io/storageclasses", storageClass],
  ["scheduling.k8s.io/priorityclasses", priorityClass],
  ["networking.k8s.io/networkpolicies", networkPolicy],
]);
