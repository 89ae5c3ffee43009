// The strategic-merge-patch metadata of the built-in Kubernetes types users patch on restore:
// which lists merge (and by which key) instead of being replaced. Lists not described here
// are replaced whole, as Kubernetes does for lists without a patch strategy.

/** How one field is patched. */
export interface FieldPatchInfo {
  /** `merge`: a list merged element by element (by `mergeKey` for lists of objects). */
  readonly strategy?: "merge";
  readonly mergeKey?: string;
  /** The schema of the field's object value, or of each element of a list. */
  readonly type?: TypeSchema;
}

/** The patch metadata of an object's fields (absent fields have none). */
export interface TypeSchema {
  readonly [field: string]: FieldPatchInfo | undefined;
}

const merge = (mergeKey?: string, type?: TypeSchema): FieldPatchInfo => ({
  strategy: "merge",
  ...(mergeKey === undefined ? {} : { mergeKey }),
  ...(type === undefined ? {} : { type }),
});

const objectMeta: TypeSchema = {
  finalizers: merge(),
  ownerReferences: merge("uid"),
};

const container: TypeSchema = {
  ports: merge("containerPort"),
  env: merge("name"),
  volumeMounts: merge("mountPath"),
  volumeDevices: merge("devicePath"),
};

const podSpec: TypeSchema = {
  containers: merge("name", container),
  initContainers: merge("name", container),
  ephemeralContainers: merge("name", container),
  volumes: merge("name"),
  imagePullSecrets: merge("name"),
  hostAliases: merge("ip"),
  topologySpreadConstraints: merge("topologyKey"),
  resourceClaims: merge("name"),
  schedulingGates: merge("name"),
};

const podTemplateSpec: TypeSchema = { metadata: { type: objectMeta }, spec: { type: podSpec } };

const withPodTemplate: TypeSchema = {
  metadata: { type: objectMeta },
  spec: { type: { template: { type: podTemplateSpec } } },
};

const kinds: Readonly<Record<string, TypeSchema>> = {
  Pod: { metadata: { type: objectMeta }, spec: { type: podSpec } },
  PodTemplate: { metadata: { type: objectMeta }, template: { type: podTemplateSpec } },
  Deployment: withPodTemplate,
  ReplicaSet: withPodTemplate,
  StatefulSet: withPodTemplate,
  DaemonSet: withPodTemplate,
  ReplicationController: withPodTemplate,
  Job: withPodTemplate,
  CronJob: {
    metadata: { type: objectMeta },
    spec: { type: { jobTemplate: { type: withPodTemplate } } },
  },
  Service: { metadata: { type: objectMeta }, spec: { type: { ports: merge("port") } } },
  ServiceAccount: { metadata: { type: objectMeta }, secrets: merge("name") },
  MutatingWebhookConfiguration: { metadata: { type: objectMeta }, webhooks: merge("name") },
  ValidatingWebhookConfiguration: { metadata: { type: objectMeta }, webhooks: merge("name") },
};

const generic: TypeSchema = { metadata: { type: objectMeta } };

/** API groups whose kinds are built into Kubernetes (and Velero's own). */
const builtInGroups: ReadonlySet<string> = new Set([
  "",
  "admissionregistration.k8s.io",
  "apiextensions.k8s.io",
  "apiregistration.k8s.io",
  "apps",
  "autoscaling",
  "batch",
  "certificates.k8s.io",
  "coordination.k8s.io",
  "discovery.k8s.io",
  "events.k8s.io",
  "flowcontrol.apiserver.k8s.io",
  "networking.k8s.io",
  "node.k8s.io",
  "policy",
  "rbac.authorization.k8s.io",
  "resource.k8s.io",
  "scheduling.k8s.io",
  "storage.k8s.io",
  "velero.io",
]);

/**
 * The schema of `kind` in `group`, or undefined when the kind is not a built-in type (Velero
 * then fails the patch: its scheme knows no custom resources).
 */
export function schemaFor(group: string, kind: string): TypeSchema | undefined {
  if (!builtInGroups.has(group)) return undefined;
  return Object.hasOwn(kinds, kind) ? kinds[kind] : generic;
}

/** The patch metadata of `field` in `schema` (none for unknown fields). */
export function fieldInfo(schema: TypeSchema | undefined, field: string): FieldPatchInfo {
  if (schema === undefined || !Object.hasOwn(schema, field)) return {};
  return schema[field] ?? {};
}
