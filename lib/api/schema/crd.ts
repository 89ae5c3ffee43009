// Builds each kind's CustomResourceDefinition from the registry and renders it as the YAML
// committed under crds/ (the generator writes it, the drift test compares it).
import { stringify } from "yaml";
import { GROUP, KINDS, type KindInfo } from "../group.js";
import { toOpenApi, type JSONSchemaProps } from "./openapi.js";

/** Label every velero.io CRD carries, as Velero's installer sets it. */
export const CRD_LABELS: Readonly<Record<string, string>> = { component: "velero" };

/** First lines of every generated CRD file. */
export const CRD_FILE_HEADER =
  "# Generated from lib/api by `npm run generate:crds`; do not edit by hand.\n---\n";

/** Name of the committed file holding `kind`'s CRD, e.g. `velero.io_backups.yaml`. */
export function crdFileName(kind: KindInfo): string {
  return `${GROUP}_${kind.plural}.yaml`;
}

/** The CRD's `openAPIV3Schema` for `kind`. */
export function crdSchema(kind: KindInfo): JSONSchemaProps {
  return { description: kind.description, ...toOpenApi(kind.schema) };
}

/**
 * The apiextensions.k8s.io/v1 CustomResourceDefinition of `kind`: namespaced, one served and
 * stored version, and no status subresource, as Velero's (kinds with printer columns carry
 * Velero's empty `subresources: {}`).
 */
export function buildCrd(kind: KindInfo): Record<string, unknown> {
  const version: Record<string, unknown> = {
    name: kind.version,
    served: true,
    storage: true,
    schema: { openAPIV3Schema: crdSchema(kind) },
  };
  if (kind.printerColumns.length > 0) {
    version["additionalPrinterColumns"] = kind.printerColumns.map((c) => ({ ...c }));
    version["subresources"] = {};
  }
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: `${kind.plural}.${GROUP}`, labels: { ...CRD_LABELS } },
    spec: {
      group: GROUP,
      names: {
        kind: kind.kind,
        listKind: kind.listKind,
        plural: kind.plural,
        singular: kind.singular,
        ...(kind.shortNames.length > 0 ? { shortNames: [...kind.shortNames] } : {}),
      },
      scope: "Namespaced",
      versions: [version],
    },
  };
}

/** The committed YAML text of `kind`'s CRD: sorted keys, unindented sequences, no line folding. */
export function renderCrdYaml(kind: KindInfo): string {
  return (
    CRD_FILE_HEADER +
    stringify(buildCrd(kind), { sortMapEntries: true, indentSeq: false, lineWidth: 0 })
  );
}

/** Every CRD file's name and text, as `crds/` must hold them. */
export function renderAllCrds(): Map<string, string> {
  return new Map(KINDS.map((kind) => [crdFileName(kind), renderCrdYaml(kind)]));
}
