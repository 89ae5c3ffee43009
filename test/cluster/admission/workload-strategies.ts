// Defaults and validation of the apps and batch workload kinds (Deployment, ReplicaSet,
// StatefulSet, DaemonSet, Job, CronJob, ReplicationController, PodTemplate) and of Pods.
import type { KubeObject } from "../cluster-api.js";
import type { ApiContext, FieldCause, KindStrategy } from "../api/api-context.js";
import { forbidden } from "../api/api-errors.js";
import { admitPod, defaultPodSpec, defaultTemplate } from "./pod-defaults.js";
import { immutable, podSpecCauses, selectorCauses } from "./pod-validation.js";
import { isJson, objectAt, setDefault, text } from "./defaults.js";
import type { Json } from "./defaults.js";

function specOf(object: KubeObject): Json {
  return objectAt(object, "spec");
}

function templateSpec(spec: Json): unknown {
  const template = spec["template"];
  return isJson(template) ? template["spec"] : undefined;
}

function workloadCauses(object: KubeObject, old: KubeObject | undefined): FieldCause[] {
  const spec = specOf(object);
  const causes = [
    ...selectorCauses(spec, true),
    ...podSpecCauses(templateSpec(spec), "spec.template.spec", ["Always"]),
  ];
  if (old !== undefined)
    causes.push(...immutable("spec.selector", spec["selector"], specOf(old)["selector"]));
  if (typeof spec["replicas"] === "number" && spec["replicas"] < 0) {
    causes.push({
      field: "spec.replicas",
      reason: "FieldValueInvalid",
      message: `Invalid value: ${spec["replicas"]}: must be greater than or equal to 0`,
    });
  }
  return causes;
}

function withTemplate(defaults: (spec: Json) => void): KindStrategy {
  return {
    prepareCreate: (object) => {
      const spec = specOf(object);
      defaults(spec);
      defaultTemplate(spec["template"]);
      object["status"] = {};
    },
    prepareUpdate: (object) => {
      const spec = specOf(object);
      defaults(spec);
      defaultTemplate(spec["template"]);
    },
    validate: workloadCauses,
  };
}

function defaultStrategy(spec: Json, key: string, rolling: Json): void {
  const strategy = objectAt(spec, key);
  setDefault(strategy, "type", "RollingUpdate");
  if (strategy["type"] !== "RollingUpdate") return;
  const update = objectAt(strategy, "rollingUpdate");
  for (const [field, value] of Object.entries(rolling)) setDefault(update, field, value);
}

const deployment = withTemplate((spec) => {
  setDefault(spec, "replicas", 1);
  defaultStrategy(spec, "strategy", { maxUnavailable: "25%", maxSurge: "25%" });
  setDefault(spec, "revisionHistoryLimit", 10);
  setDefault(spec, "progressDeadlineSeconds", 600);
});

const replicaSet = withTemplate((spec) => {
  setDefault(spec, "replicas", 1);
});

const statefulSet = withTemplate((spec) => {
  setDefault(spec, "replicas", 1);
  setDefault(spec, "podManagementPolicy", "OrderedReady");
  defaultStrategy(spec, "updateStrategy", { partition: 0 });
  setDefault(spec, "revisionHistoryLimit", 10);
  setDefault(spec, "persistentVolumeClaimRetentionPolicy", {
    whenDeleted: "Retain",
    whenScaled: "Retain",
  });
  const templates = spec["volumeClaimTemplates"];
  if (Array.isArray(templates)) {
    for (const claim of templates.filter(isJson)) {
      setDefault(objectAt(claim, "spec"), "volumeMode", "Filesystem");
      setDefault(claim, "apiVersion", "v1");
      setDefault(claim, "kind", "PersistentVolumeClaim");
    }
  }
});

const daemonSet = withTemplate((spec) => {
  defaultStrategy(spec, "updateStrategy", { maxUnavailable: 1, maxSurge: 0 });
  setDefault(spec, "revisionHistoryLimit", 10);
});

function jobSelector(object: KubeObject, spec: Json): void {
  if (spec["manualSelector"] === true) return;
  const uid = object.metadata.uid ?? "";
  const name = object.metadata.name ?? "";
  spec["selector"] = { matchLabels: { "batch.kubernetes.io/controller-uid": uid } };
  const template = objectAt(spec, "template");
  const meta = objectAt(template, "metadata");
  meta["labels"] = {
    ...(isJson(meta["labels"]) ? meta["labels"] : {}),
    "batch.kubernetes.io/controller-uid": uid,
    "batch.kubernetes.io/job-name": name,
    "controller-uid": uid,
    "job-name": name,
  };
}

function defaultJobSpec(spec: Json): void {
  setDefault(spec, "parallelism", 1);
  setDefault(spec, "completions", 1);
  setDefault(spec, "backoffLimit", 6);
  setDefault(spec, "completionMode", "NonIndexed");
  setDefault(spec, "suspend", false);
  setDefault(spec, "podReplacementPolicy", "TerminatingOrFailed");
  setDefault(spec, "manualSelector", undefined);
  defaultTemplate(spec["template"]);
}

const job: KindStrategy = {
  prepareCreate: (object) => {
    const spec = specOf(object);
    defaultJobSpec(spec);
    jobSelector(object, spec);
    object["status"] = {};
  },
  prepareUpdate: (object) => {
    defaultJobSpec(specOf(object));
  },
  validate: (object, old) => {
    const spec = specOf(object);
    const causes = podSpecCauses(templateSpec(spec), "spec.template.spec", ["OnFailure", "Never"]);
    if (old !== undefined) {
      causes.push(...immutable("spec.selector", spec["selector"], specOf(old)["selector"]));
      causes.push(...immutable("spec.template", spec["template"], specOf(old)["template"]));
    }
    return causes;
  },
};

function cronJobDefaults(object: KubeObject): void {
  const spec = specOf(object);
  setDefault(spec, "concurrencyPolicy", "Allow");
  setDefault(spec, "suspend", false);
  setDefault(spec, "successfulJobsHistoryLimit", 3);
  setDefault(spec, "failedJobsHistoryLimit", 1);
  const jobSpec = objectAt(objectAt(spec, "jobTemplate"), "spec");
  setDefault(jobSpec, "backoffLimit", 6);
  setDefault(jobSpec, "completionMode", "NonIndexed");
  setDefault(jobSpec, "suspend", false);
  setDefault(jobSpec, "podReplacementPolicy", "TerminatingOrFailed");
  defaultTemplate(jobSpec["template"]);
}

const cronJob: KindStrategy = {
  prepareCreate: (object) => {
    cronJobDefaults(object);
    object["status"] = {};
  },
  prepareUpdate: cronJobDefaults,
  validate: (object) => {
    const spec = specOf(object);
    const causes: FieldCause[] = [];
    if (typeof spec["schedule"] !== "string" || spec["schedule"] === "")
      causes.push({
        field: "spec.schedule",
        reason: "FieldValueRequired",
        message: "Required value",
      });
    const jobSpec = isJson(spec["jobTemplate"]) ? spec["jobTemplate"]["spec"] : undefined;
    causes.push(
      ...podSpecCauses(
        isJson(jobSpec) ? templateSpec(jobSpec) : undefined,
        "spec.jobTemplate.spec.template.spec",
        ["OnFailure", "Never"],
      ),
    );
    return causes;
  },
};

function requireServiceAccount(ctx: ApiContext, pod: KubeObject): void {
  const spec = specOf(pod);
  const account = text(spec["serviceAccountName"] ?? "default");
  const namespace = pod.metadata.namespace ?? "";
  if (ctx.store.get("/serviceaccounts", namespace, account) !== undefined) return;
  throw forbidden(
    { group: "", resource: "pods", kind: "Pod" },
    pod.metadata.name ?? "",
    `error looking up service account ${namespace}/${account}: serviceaccount "${account}" not found`,
  );
}

const POD_UPDATE_FORBIDDEN =
  "Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

function mutablePart(spec: Json, old: Json): Json {
  const strip = (list: unknown): unknown =>
    Array.isArray(list)
      ? list.map((c: unknown) => (isJson(c) ? { ...c, image: undefined } : c))
      : list;
  const {
    activeDeadlineSeconds: _a,
    tolerations: _t,
    terminationGracePeriodSeconds: _g,
    ...rest
  } = spec;
  const out: Json = {
    ...rest,
    containers: strip(spec["containers"]),
    initContainers: strip(spec["initContainers"]),
  };
  if ((old["nodeName"] ?? "") === "") delete out["nodeName"];
  return out;
}

const pod: KindStrategy = {
  prepareCreate: (object, ctx) => {
    const spec = specOf(object);
    const name = text(spec["serviceAccountName"] ?? spec["serviceAccount"] ?? "default");
    const account = ctx.store.get("/serviceaccounts", object.metadata.namespace ?? "", name);
    admitPod(object, account?.["automountServiceAccountToken"] !== false);
    requireServiceAccount(ctx, object);
  },
  prepareUpdate: (object) => {
    const spec = specOf(object);
    defaultPodSpec(spec);
    setDefault(spec, "enableServiceLinks", true);
    setDefault(spec, "priority", 0);
    setDefault(spec, "preemptionPolicy", "PreemptLowerPriority");
  },
  validate: (object, old) => {
    const causes = podSpecCauses(object["spec"], "spec");
    if (old === undefined) return causes;
    const before = specOf(old);
    const changed = immutable(
      "spec",
      mutablePart(specOf(object), before),
      mutablePart(before, before),
    );
    return [
      ...causes,
      ...changed.map((c) => ({
        ...c,
        reason: "FieldValueForbidden" as const,
        message: POD_UPDATE_FORBIDDEN,
      })),
    ];
  },
};

const templateOnly: KindStrategy = {
  prepareCreate: (object) => {
    defaultTemplate((object as unknown as Json)["template"]);
  },
};

/** Strategies of the workload kinds by storage key. */
export const WORKLOAD_STRATEGIES: ReadonlyMap<string, KindStrategy> = new Map([
  ["apps/deployments", deployment],
  ["apps/replicasets", replicaSet],
  ["apps/statefulsets", statefulSet],
  ["apps/daemonsets", daemonSet],
  ["batch/jobs", job],
  ["batch/cronjobs", cronJob],
  ["/pods", pod],
  ["/podtemplates", templateOnly],
]);
