// Applies an installation's objects in order, Velero style (`<Kind>/<name>: attempting to
// create resource`, `created`, `already exists, proceeding`), converging objects that differ
// and leaving matching ones untouched, and waits for the CRDs before their custom resources.
import type { Clock } from "../../lib/clock.js";
import { VeleroError } from "../../lib/errors.js";
import { AlreadyExistsError, type KubeObject } from "../../lib/kube/index.js";
import { REPOSITORY_CREDENTIALS } from "./manifests.js";
import type { ObjectApi, ObjectRef } from "./object-api.js";
import { isSatisfiedBy } from "./object-diff.js";
import { objectId, resourceTypeOf } from "./resource-types.js";
import { waitForCrdsEstablished, type WaitTiming } from "./wait-ready.js";

/** An object install must create is in a state install cannot work with. */
export class InstallConflictError extends VeleroError {
  constructor(message: string) {
    super("InstallConflict", message);
  }
}

/** What happened to each object, by `Kind/name`. */
export interface ApplyResult {
  readonly created: string[];
  readonly updated: string[];
  readonly unchanged: string[];
}

/** Options of {@link applyInstallation}. */
export interface ApplyOptions {
  readonly api: ObjectApi;
  readonly clock: Clock;
  /** Receives each progress line (without newline). */
  readonly print: (line: string) => void;
  readonly crdTiming?: Partial<WaitTiming>;
}

function refOf(object: KubeObject): ObjectRef {
  return {
    type: resourceTypeOf(object),
    name: object.metadata?.name ?? "",
    namespace: object.metadata?.namespace,
  };
}

/** Objects whose existing copy is never changed: the repository password must stay. */
function isKeptAsIs(object: KubeObject): boolean {
  return object.kind === "Secret" && object.metadata?.name === REPOSITORY_CREDENTIALS.secret;
}

type Outcome = "created" | "updated" | "unchanged";

async function applyOne(object: KubeObject, options: ApplyOptions): Promise<Outcome> {
  const id = objectId(object);
  const ref = refOf(object);
  options.print(`${id}: attempting to create resource`);
  try {
    await options.api.create(ref.type, object);
    options.print(`${id}: created`);
    return "created";
  } catch (error) {
    if (!(error instanceof AlreadyExistsError)) throw error;
  }
  const live = await options.api.get(ref);
  if (live?.metadata?.deletionTimestamp !== undefined) {
    throw new InstallConflictError(
      `${id} is being deleted (an uninstall is still finishing); wait until it is gone and run install again`,
    );
  }
  if (isKeptAsIs(object) || isSatisfiedBy(object, live)) {
    options.print(`${id}: already exists, proceeding`);
    return "unchanged";
  }
  await options.api.mergePatch(ref, object);
  options.print(`${id}: already exists, updated to match`);
  return "updated";
}

async function applyAll(
  objects: readonly KubeObject[],
  options: ApplyOptions,
  result: ApplyResult,
): Promise<void> {
  for (const object of objects) {
    const outcome = await applyOne(object, options);
    result[outcome].push(objectId(object));
  }
}

/**
 * Creates each object in order; an existing object that already has every field install sets
 * is left alone (no write at all), one that differs gets a merge patch of install's fields.
 * The existing repository password Secret is never changed. CRDs go first and must be
 * Established before the rest (timeout ⇒ `InstallTimeoutError`).
 */
export async function applyInstallation(
  objects: readonly KubeObject[],
  options: ApplyOptions,
): Promise<ApplyResult> {
  const result: ApplyResult = { created: [], updated: [], unchanged: [] };
  const crds = objects.filter((o) => o.kind === "CustomResourceDefinition");
  const others = objects.filter((o) => o.kind !== "CustomResourceDefinition");
  await applyAll(crds, options, result);
  if (crds.length > 0) {
    options.print("Waiting for resources to be ready in cluster...");
    await waitForCrdsEstablished(
      options.api,
      crds.map((crd) => crd.metadata?.name ?? ""),
      { clock: options.clock, ...options.crdTiming },
    );
  }
  await applyAll(others, options, result);
  return result;
}
