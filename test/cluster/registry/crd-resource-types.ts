// The resource types a CustomResourceDefinition defines: one per served version, sharing the
// storage of the version marked `storage`.
import type { KubeObject } from "../cluster-api.js";
import type { StructuralSchema } from "../validation/structural-schema.js";
import type { PrinterColumn, ResourceType, ScalePaths } from "./resource-type.js";

const ALL_VERBS = [
  "create",
  "delete",
  "deletecollection",
  "get",
  "list",
  "patch",
  "update",
  "watch",
];

/** The parts of a CRD this server reads. */
interface CrdSpec {
  group?: string;
  scope?: string;
  names?: {
    plural?: string;
    singular?: string;
    kind?: string;
    listKind?: string;
    shortNames?: string[];
    categories?: string[];
  };
  versions?: CrdVersion[];
}

interface CrdVersion {
  name?: string;
  served?: boolean;
  storage?: boolean;
  schema?: { openAPIV3Schema?: StructuralSchema };
  subresources?: { status?: object; scale?: ScalePaths };
  additionalPrinterColumns?: {
    name: string;
    type: string;
    format?: string;
    description?: string;
    priority?: number;
    jsonPath: string;
  }[];
  selectableFields?: { jsonPath: string }[];
}

/** The spec of a CRD object, typed loosely. */
export function crdSpec(crd: KubeObject): CrdSpec {
  return crd["spec"] ?? {};
}

function printerColumns(version: CrdVersion): PrinterColumn[] | undefined {
  const columns = version.additionalPrinterColumns;
  if (columns === undefined) return undefined;
  return columns.map((c) => ({
    name: c.name,
    type: c.type,
    ...(c.format === undefined ? {} : { format: c.format }),
    ...(c.description === undefined ? {} : { description: c.description }),
    priority: c.priority ?? 0,
    jsonPath: c.jsonPath,
  }));
}

function subresourcesOf(version: CrdVersion): string[] {
  const out: string[] = [];
  if (version.subresources?.status !== undefined) out.push("status");
  if (version.subresources?.scale !== undefined) out.push("scale");
  return out;
}

function namesOf(
  spec: CrdSpec,
): Pick<ResourceType, "kind" | "listKind" | "singular" | "resource" | "shortNames" | "categories"> {
  const names = spec.names ?? {};
  const kind = names.kind ?? "";
  return {
    kind,
    listKind: names.listKind ?? `${kind}List`,
    singular: names.singular ?? kind.toLowerCase(),
    resource: names.plural ?? "",
    shortNames: names.shortNames ?? [],
    categories: names.categories ?? [],
  };
}

function optionalParts(version: CrdVersion): Partial<ResourceType> {
  const columns = printerColumns(version);
  const schema = version.schema?.openAPIV3Schema;
  const scale = version.subresources?.scale;
  return {
    ...(scale === undefined ? {} : { scale }),
    ...(schema === undefined ? {} : { schema }),
    ...(columns === undefined ? {} : { printerColumns: columns }),
  };
}

function versionType(spec: CrdSpec, version: CrdVersion, storageVersion: string): ResourceType {
  const group = spec.group ?? "";
  const names = namesOf(spec);
  return {
    group,
    version: version.name ?? "",
    ...names,
    namespaced: spec.scope !== "Cluster",
    verbs: ALL_VERBS,
    subresources: subresourcesOf(version),
    storageKey: `${group}/${names.resource}`,
    storageApiVersion: `${group}/${storageVersion}`,
    hasStatus: version.subresources?.status !== undefined,
    ...optionalParts(version),
    custom: true,
    selectableFields: (version.selectableFields ?? []).map((f) => f.jsonPath.replace(/^\./, "")),
  };
}

/** The served resource types of `crd` (empty when it has no served version). */
export function crdResourceTypes(crd: KubeObject): ResourceType[] {
  const spec = crdSpec(crd);
  const versions = spec.versions ?? [];
  const storageVersion = versions.find((v) => v.storage === true)?.name ?? versions[0]?.name ?? "";
  return versions
    .filter((v) => v.served !== false)
    .map((v) => versionType(spec, v, storageVersion));
}
