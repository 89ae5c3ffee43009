// velero.io/crd-remap-version: backs up a CustomResourceDefinition as v1beta1 when it was
// evidently created through v1beta1 and the cluster still serves that version.
import type { KubeObject } from "../../lib/kube/index.js";
import type {
  ActionSetup,
  BackupItemAction,
  BackupItemActionInput,
  BackupItemActionOutput,
} from "./backup-item-action.js";

const group = "apiextensions.k8s.io";

interface CrdParts {
  spec?: { versions?: unknown[]; preserveUnknownFields?: boolean };
  status?: { conditions?: { type?: string }[] };
}

/**
 * True for a v1 CRD that looks created through v1beta1: a single version, a
 * NonStructuralSchema condition, or `preserveUnknownFields: true`.
 */
export function looksLikeV1beta1(crd: KubeObject): boolean {
  const { spec, status } = crd as CrdParts;
  return (
    (spec?.versions ?? []).length === 1 ||
    (status?.conditions ?? []).some((c) => c.type === "NonStructuralSchema") ||
    spec?.preserveUnknownFields === true
  );
}

/** Velero's RemapCRDVersionAction. */
export function createCrdRemapVersionAction(setup: ActionSetup): Promise<BackupItemAction> {
  const servesBeta = setup.servedGroupVersions.has(`${group}/v1beta1`);
  const action: BackupItemAction = {
    name: "velero.io/crd-remap-version",
    appliesTo: () => ({ includedResources: ["customresourcedefinition.apiextensions.k8s.io"] }),
    execute: async (input: BackupItemActionInput): Promise<BackupItemActionOutput> => {
      const item = input.item;
      const isV1 = item.apiVersion === undefined || item.apiVersion === `${group}/v1`;
      if (!isV1 || !servesBeta || !looksLikeV1beta1(item)) return { item, additionalItems: [] };
      const name = item.metadata?.name ?? "";
      input.log.info(
        `CustomResourceDefinition ${name} appears to be v1beta1, fetching the v1beta version`,
      );
      const beta = await setup.rest.request<KubeObject>({
        method: "GET",
        path: `/apis/${group}/v1beta1/customresourcedefinitions/${encodeURIComponent(name)}`,
      });
      return {
        item: { ...beta, kind: "CustomResourceDefinition", apiVersion: `${group}/v1beta1` },
        additionalItems: [],
      };
    },
  };
  return Promise.resolve(action);
}
