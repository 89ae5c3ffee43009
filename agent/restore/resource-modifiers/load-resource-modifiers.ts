// Reads the ConfigMap a Restore names in spec.resourceModifier during validation, as Velero's
// restore controller does: a missing ConfigMap, one without exactly one data entry, text that
// does not decode or rules that do not validate fail the restore with Velero's messages.
import type { TypedLocalObjectReference } from "../../../lib/api/index.js";
import type { KubeObject, KubeRestClient } from "../../../lib/kube/index.js";
import type { Logger } from "../../../lib/log.js";
import type { RestoreResolution } from "../restore-request.js";
import { ResourceModifierConfigError } from "./errors.js";
import { ResourceModifiers } from "./resource-modifiers.js";

/** Where the modifier ConfigMap is read from. */
export interface ModifierSource {
  readonly rest: KubeRestClient;
  /** The Restore's (and agent's) namespace. */
  readonly namespace: string;
  readonly logger: Logger;
}

/** True for a reference Velero follows: kind `configmap` in any case. */
export function isModifierConfigMap(ref: TypedLocalObjectReference | undefined): boolean {
  return ref !== undefined && ref.kind.toLowerCase() === "configmap";
}

function modifierText(configMap: KubeObject, id: string): string {
  const data = (configMap["data"] ?? {}) as Record<string, unknown>;
  const values = Object.values(data);
  const [only] = values;
  if (values.length !== 1 || typeof only !== "string") {
    throw new ResourceModifierConfigError("parse", `illegal resource modifiers ${id} configmap`);
  }
  return only;
}

/**
 * The modifiers of the ConfigMap `name`. Throws an Error whose message is the restore's
 * validation error (Velero's wording).
 */
export async function loadResourceModifiers(
  source: ModifierSource,
  name: string,
): Promise<ResourceModifiers> {
  const id = `${source.namespace}/${name}`;
  let configMap: KubeObject;
  try {
    configMap = await source.rest.request<KubeObject>({
      method: "GET",
      path: `/api/v1/namespaces/${encodeURIComponent(source.namespace)}/configmaps/${encodeURIComponent(name)}`,
    });
  } catch (error) {
    throw new Error(`failed to get resource modifiers configmap ${id}`, { cause: error });
  }
  try {
    const modifiers = ResourceModifiers.parse(modifierText(configMap, id));
    source.logger.info(`Retrieved Resource modifiers provided in configmap ${id}`);
    return modifiers;
  } catch (error) {
    if (!(error instanceof ResourceModifierConfigError)) throw error;
    const prefix =
      error.stage === "parse"
        ? "Error in parsing resource modifiers provided in configmap"
        : "Validation error in resource modifiers provided in configmap";
    throw new Error(`${prefix} ${id}: ${error.message}`, { cause: error });
  }
}

/**
 * Completes a valid resolution with the modifiers its spec names (unchanged without one, or
 * when the reference is not a ConfigMap, which Velero ignores), or turns it into a failed
 * validation carrying the reason.
 */
export async function withResourceModifiers(
  source: ModifierSource,
  resolution: RestoreResolution,
): Promise<RestoreResolution> {
  if (!resolution.valid) return resolution;
  const ref = resolution.restore.spec.resourceModifier;
  if (ref === undefined || !isModifierConfigMap(ref)) return resolution;
  try {
    const resourceModifiers = await loadResourceModifiers(source, ref.name);
    return { valid: true, restore: { ...resolution.restore, resourceModifiers } };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { valid: false, spec: resolution.restore.spec, errors: [message] };
  }
}
