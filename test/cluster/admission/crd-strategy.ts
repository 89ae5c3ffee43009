// CustomResourceDefinitions: validation, the cleanup finalizer, establishment (status
// conditions, accepted names, serving the new resources), and the removal of every custom
// object before a deleted CRD goes away.
import type { KubeObject } from "../cluster-api.js";
import type { ApiContext, FieldCause, KindStrategy } from "../api/api-context.js";
import { timestamp } from "../api/api-context.js";
import { invalidValue, notSupported, required } from "../api/api-errors.js";
import { deleteObject } from "../api/delete-object.js";
import { updateObject } from "../api/update-object.js";
import { crdResourceTypes, crdSpec } from "../registry/crd-resource-types.js";
import { isStorageType } from "../registry/resource-type.js";
import { immutable } from "./pod-validation.js";

const CLEANUP_FINALIZER = "customresourcecleanup.apiextensions.k8s.io";
const CRDS = "apiextensions.k8s.io/customresourcedefinitions";

type Crd = ReturnType<typeof crdSpec>;

function nameCauses(crd: KubeObject, spec: Crd): FieldCause[] {
  const group = spec.group ?? "";
  const plural = spec.names?.plural ?? "";
  const present: [string, string][] = [
    ["spec.group", group],
    ["spec.names.plural", plural],
    ["spec.names.kind", spec.names?.kind ?? ""],
  ];
  const causes = present.filter(([, value]) => value === "").map(([field]) => required(field));
  const scope = spec.scope ?? "";
  if (!["Namespaced", "Cluster"].includes(scope))
    causes.push(notSupported("spec.scope", scope, ["Cluster", "Namespaced"]));
  if (crd.metadata.name !== `${plural}.${group}`) {
    causes.push(
      invalidValue("metadata.name", crd.metadata.name, 'must be spec.names.plural+"."+spec.group'),
    );
  }
  return causes;
}

const ONE_STORAGE = "must have exactly one version marked as storage version";

function versionCauses(spec: Crd): FieldCause[] {
  const versions = spec.versions ?? [];
  const causes: FieldCause[] = [];
  if (versions.length === 0) causes.push(required("spec.versions", ONE_STORAGE));
  else if (versions.filter((v) => v.storage === true).length !== 1) {
    causes.push(
      invalidValue(
        "spec.versions",
        versions.map((v) => v.name),
        ONE_STORAGE,
      ),
    );
  }
  versions.forEach((v, i) => {
    const schema = v.schema?.openAPIV3Schema;
    const path = `spec.versions[${i}].schema.openAPIV3Schema`;
    if (schema === undefined) causes.push(required(path, "schemas are required"));
    else if (schema.type !== "object")
      causes.push(invalidValue(`${path}.type`, schema.type ?? "", "must be object at the root"));
  });
  return causes;
}

function validate(crd: KubeObject, old: KubeObject | undefined): FieldCause[] {
  const spec = crdSpec(crd);
  const causes = [...nameCauses(crd, spec), ...versionCauses(spec)];
  if (old !== undefined) causes.push(...immutable("spec.scope", spec.scope, crdSpec(old).scope));
  return causes;
}

function acceptedNames(crd: KubeObject): Record<string, unknown> {
  const names = crdSpec(crd).names ?? {};
  const kind = names.kind ?? "";
  return {
    ...names,
    singular: names.singular ?? kind.toLowerCase(),
    listKind: names.listKind ?? `${kind}List`,
  };
}

function condition(
  ctx: ApiContext,
  type: string,
  reason: string,
  message: string,
): Record<string, unknown> {
  return { type, status: "True", lastTransitionTime: timestamp(ctx.clock), reason, message };
}

interface CrdStatus {
  conditions?: { type: string }[];
  storedVersions?: string[];
}

function establishedStatus(ctx: ApiContext, crd: KubeObject): CrdStatus {
  const status = (crd["status"] ?? {}) as CrdStatus;
  const conditions = status.conditions ?? [];
  const storage = crdSpec(crd).versions?.find((v) => v.storage === true)?.name;
  const stored = new Set(status.storedVersions ?? []);
  if (storage !== undefined) stored.add(storage);
  const kept = conditions.filter((c) => c.type !== "NamesAccepted" && c.type !== "Established");
  const established =
    conditions.find((c) => c.type === "Established") ??
    condition(ctx, "Established", "InitialNamesAccepted", "the initial names have been accepted");
  const accepted = condition(ctx, "NamesAccepted", "NoConflicts", "no conflicts found");
  const previous = conditions.find((c) => c.type === "NamesAccepted");
  return {
    ...status,
    conditions: [...kept, previous ?? accepted, established] as CrdStatus["conditions"],
    acceptedNames: acceptedNames(crd),
    storedVersions: [...stored],
  } as CrdStatus;
}

function establish(ctx: ApiContext, name: string): void {
  const crd = ctx.store.get(CRDS, "", name);
  if (crd === undefined || crd.metadata.deletionTimestamp !== undefined) return;
  ctx.registry.setCustom(name, crdResourceTypes(crd));
  const next = establishedStatus(ctx, crd);
  if (JSON.stringify(next) === JSON.stringify(crd["status"])) return;
  ctx.store.write(CRDS, { ...crd, metadata: { ...crd.metadata }, status: next }, "MODIFIED");
}

function deleteCustomObjects(ctx: ApiContext, crd: KubeObject): boolean {
  const types = crdResourceTypes(crd);
  const type = types.find(isStorageType) ?? types[0];
  if (type === undefined) return true;
  for (const object of ctx.store.list(type.storageKey)) {
    if (object.metadata.deletionTimestamp !== undefined) continue;
    const name = object.metadata.name ?? "";
    deleteObject(ctx, type, { namespace: object.metadata.namespace, name, options: {} });
  }
  return ctx.store.count(type.storageKey) === 0;
}

function cleanup(ctx: ApiContext, name: string): void {
  const crd = ctx.store.get(CRDS, "", name);
  const crdType = ctx.registry.storageType(CRDS);
  if (crd === undefined || crdType === undefined) return;
  if (!deleteCustomObjects(ctx, crd)) {
    setTimeout(() => {
      cleanup(ctx, name);
    }, 100).unref();
    return;
  }
  const finalizers = (crd.metadata.finalizers ?? []).filter((f) => f !== CLEANUP_FINALIZER);
  const body = { ...crd, metadata: { ...crd.metadata, finalizers } };
  updateObject(ctx, crdType, { namespace: undefined, name, body, decoded: true, options: {} });
}

/** The CustomResourceDefinition strategy. */
export const CRD_STRATEGY: KindStrategy = {
  prepareCreate: (crd) => {
    const finalizers = crd.metadata.finalizers ?? [];
    if (!finalizers.includes(CLEANUP_FINALIZER))
      crd.metadata.finalizers = [...finalizers, CLEANUP_FINALIZER];
    crd["status"] = { conditions: [], acceptedNames: { plural: "", kind: "" }, storedVersions: [] };
  },
  validate,
  afterCreate: (crd, ctx) => {
    setImmediate(() => {
      establish(ctx, crd.metadata.name ?? "");
    });
  },
  afterUpdate: (crd, _old, ctx) => {
    if (crd.metadata.deletionTimestamp === undefined)
      setImmediate(() => {
        establish(ctx, crd.metadata.name ?? "");
      });
  },
  onDeleting: (crd, ctx) => {
    setImmediate(() => {
      cleanup(ctx, crd.metadata.name ?? "");
    });
  },
  afterDelete: (crd, ctx) => {
    ctx.registry.removeCustom(crd.metadata.name ?? "");
  },
};

/** Serves the resources of every stored CRD (at start-up, after a restart). */
export function serveStoredCrds(ctx: ApiContext): void {
  for (const crd of ctx.store.list(CRDS)) {
    const name = crd.metadata.name ?? "";
    if (crd.metadata.deletionTimestamp !== undefined) {
      setImmediate(() => {
        cleanup(ctx, name);
      });
      continue;
    }
    ctx.registry.setCustom(name, crdResourceTypes(crd));
    setImmediate(() => {
      establish(ctx, name);
    });
  }
}
