// Restore init hooks as Velero's InitContainerRestoreHookHandler adds them: init containers
// from the pod's `init.hook.restore.velero.io/*` annotations, or else from the Restore's
// `spec.hooks.resources[].postHooks[].init` entries that apply to the pod (in the namespace it
// is restored into), placed after a leading `restore-wait` container and before the pod's own.
import { randomBytes } from "node:crypto";
import type { RestoreResourceHookSpec } from "../../lib/api/index.js";
import { InvalidInputError } from "../../lib/errors.js";
import type { KubeObject } from "../../lib/kube/index.js";
import type { Logger } from "../../lib/log.js";
import { parseHookCommand, restoreInitAnnotations } from "./hook-annotations.js";
import { podHookSelector } from "./hook-selector.js";
import { podFacts, type PodFacts } from "./pod-facts.js";

/** The init container the pod volume restore puts first; hook containers go after it. */
export const restoreWaitContainerName = "restore-wait";

type Container = Record<string, unknown>;

interface PodSpecShape {
  initContainers?: Container[];
  [key: string]: unknown;
}

/** Options of {@link addRestoreInitHooks}. */
export interface RestoreInitHookOptions {
  /** `restore.spec.hooks.resources`. */
  readonly hooks: readonly RestoreResourceHookSpec[];
  /** `restore.spec.namespaceMapping`: selectors look at the namespace the pod lands in. */
  readonly namespaceMapping?: Readonly<Record<string, string>>;
  readonly log: Logger;
  /** The suffix of a generated container name (default 8 random hex digits). */
  readonly nameSuffix?: () => string;
}

function generatedName(facts: PodFacts, options: RestoreInitHookOptions): string {
  const suffix =
    options.nameSuffix === undefined ? randomBytes(4).toString("hex") : options.nameSuffix();
  const name = `velero-restore-init-${suffix}`;
  options.log.info(
    `Pod ${facts.key} has no ${restoreInitAnnotations.name} annotation, using generated name ${name} for initContainer`,
  );
  return name;
}

function fromAnnotations(facts: PodFacts, options: RestoreInitHookOptions): Container | undefined {
  const annotations = new Map(Object.entries(facts.annotations));
  const image = annotations.get(restoreInitAnnotations.image);
  if (image === undefined || image === "") return undefined;
  const named = annotations.get(restoreInitAnnotations.name);
  const name = named === undefined || named === "" ? generatedName(facts, options) : named;
  const command = annotations.get(restoreInitAnnotations.command);
  if (command === undefined || command === "") return { image, name };
  return { image, name, command: parseHookCommand(command) };
}

/** Velero's ValidateContainer: an init hook container needs a name, an image and a command. */
function validContainer(raw: Container): Container {
  const command = raw["command"];
  const named = typeof raw["name"] === "string" && raw["name"] !== "";
  const imaged = typeof raw["image"] === "string" && raw["image"] !== "";
  if (!named || !imaged || !Array.isArray(command) || command.length === 0) {
    throw new InvalidInputError(
      "invalid InitContainer in restore hook, it doesn't have Command, Name or Image field",
    );
  }
  return structuredClone(raw);
}

/**
 * Velero's restore validation of init hooks: one error per spec init container without name,
 * image or command (the Restore then ends FailedValidation).
 */
export function restoreInitHookErrors(hooks: readonly RestoreResourceHookSpec[]): string[] {
  const errors: string[] = [];
  for (const container of hooks.flatMap(initContainersOf)) {
    try {
      validContainer(container);
    } catch (error) {
      errors.push(error instanceof Error ? error.message : String(error));
    }
  }
  return errors;
}

function initContainersOf(spec: RestoreResourceHookSpec): Container[] {
  return (spec.postHooks ?? []).flatMap((hook) => hook.init?.initContainers ?? []);
}

function fromSpec(facts: PodFacts, options: RestoreInitHookOptions): Container[] {
  const mapped = options.namespaceMapping?.[facts.namespace];
  const target = { namespace: mapped ?? facts.namespace, labels: facts.labels };
  return options.hooks
    .filter((spec) => podHookSelector(spec)(target))
    .flatMap((spec) => initContainersOf(spec).map(validContainer));
}

/**
 * The pod with its restore init hooks added (a copy; `pod` is not changed). Throws
 * InvalidInputError for a spec init container without name, image or command.
 */
export function addRestoreInitHooks(pod: KubeObject, options: RestoreInitHookOptions): KubeObject {
  const facts = podFacts(pod);
  const copy = structuredClone(pod) as KubeObject & { spec?: PodSpecShape };
  const spec: PodSpecShape = copy.spec ?? {};
  const existing = spec.initContainers ?? [];
  const leading = existing[0]?.["name"] === restoreWaitContainerName ? existing.slice(0, 1) : [];
  const annotated = fromAnnotations(facts, options);
  options.log.info(
    annotated === undefined
      ? "Handling InitRestoreHooks from RestoreSpec"
      : "Handling InitRestoreHooks from pod annotations",
  );
  const added = annotated === undefined ? fromSpec(facts, options) : [annotated];
  const initContainers = [...leading, ...added, ...existing.slice(leading.length)];
  if (initContainers.length > 0) copy.spec = { ...spec, initContainers };
  options.log.info(
    `Returning pod ${facts.key} with ${String(initContainers.length)} init container(s)`,
  );
  return copy;
}
