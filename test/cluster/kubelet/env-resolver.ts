// Resolves a container's environment as the kubelet does: service variables first, then
// envFrom sources in order, then env entries (value with $(VAR) expansion, fieldRef,
// resourceFieldRef, secretKeyRef, configMapKeyRef); and expands $(VAR) in command and args.
import type { Container, EnvFromSource, EnvVar, KeyRef, Pod } from "../controllers/kube-types.js";
import { resolveFieldPath, resolveResourceField } from "./field-path.js";

/** A reference the kubelet could not resolve (the container waits with CreateContainerConfigError). */
export class EnvResolutionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EnvResolutionError";
  }
}

/** Lookups of the objects env may reference; secret values are already decoded. */
export interface EnvSources {
  configMap(namespace: string, name: string): Readonly<Record<string, string>> | undefined;
  secret(namespace: string, name: string): Readonly<Record<string, string>> | undefined;
}

/** Options of {@link resolveEnv}. */
export interface ResolveEnvOptions {
  readonly pod: Pod;
  readonly container: Container;
  readonly sources: EnvSources;
  /** Variables that come before the container's own (KUBERNETES_SERVICE_HOST, ...). */
  readonly base?: Readonly<Record<string, string>>;
  /** The node's allocatable resources (defaults of `limits.*` resourceFieldRefs). */
  readonly allocatable?: Readonly<Record<string, string>>;
}

/**
 * Expands `$(NAME)` references to variables in `env`; `$$` escapes a `$`; unknown references
 * stay as written (the kubelet's rule).
 */
export function expandVariables(text: string, env: Readonly<Record<string, string>>): string {
  return text.replace(
    /\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g,
    (match, name: string | undefined) => {
      if (name === undefined) return "$";
      return env[name] ?? match;
    },
  );
}

/** The container's environment as a map (later entries override earlier ones). */
export function resolveEnv(options: ResolveEnvOptions): Record<string, string> {
  const env: Record<string, string> = { ...options.base };
  const namespace = options.pod.metadata.namespace ?? "default";
  for (const source of options.container.envFrom ?? []) {
    Object.assign(env, envFromSource(source, namespace, options.sources));
  }
  for (const variable of options.container.env ?? []) {
    const value = envValue(variable, env, options);
    if (value !== undefined) env[variable.name] = value;
  }
  return env;
}

/** `command` and `args` with `$(VAR)` expanded against the resolved environment. */
export function expandArgs(
  args: readonly string[] | undefined,
  env: Readonly<Record<string, string>>,
): string[] {
  return (args ?? []).map((arg) => expandVariables(arg, env));
}

function envFromSource(
  source: EnvFromSource,
  namespace: string,
  sources: EnvSources,
): Record<string, string> {
  const ref = source.configMapRef ?? source.secretRef;
  if (ref === undefined) return {};
  const kind = source.configMapRef !== undefined ? "configmap" : "secret";
  const data =
    kind === "configmap"
      ? sources.configMap(namespace, ref.name)
      : sources.secret(namespace, ref.name);
  if (data === undefined) {
    if (ref.optional === true) return {};
    throw new EnvResolutionError(`${kind} "${ref.name}" not found`);
  }
  const prefix = source.prefix ?? "";
  return Object.fromEntries(Object.entries(data).map(([key, value]) => [prefix + key, value]));
}

function envValue(
  variable: EnvVar,
  env: Record<string, string>,
  options: ResolveEnvOptions,
): string | undefined {
  const from = variable.valueFrom;
  if (from === undefined) return expandVariables(variable.value ?? "", env);
  if (from.fieldRef !== undefined) return resolveFieldPath(options.pod, from.fieldRef.fieldPath);
  if (from.resourceFieldRef !== undefined) {
    const container = referencedContainer(options, from.resourceFieldRef.containerName);
    return resolveResourceField(container, from.resourceFieldRef, options.allocatable ?? {});
  }
  const namespace = options.pod.metadata.namespace ?? "default";
  if (from.secretKeyRef !== undefined) {
    return keyValue("Secret", from.secretKeyRef, namespace, options.sources);
  }
  if (from.configMapKeyRef !== undefined) {
    return keyValue("ConfigMap", from.configMapKeyRef, namespace, options.sources);
  }
  return "";
}

function referencedContainer(options: ResolveEnvOptions, name: string | undefined): Container {
  if (name === undefined || name === "") return options.container;
  const all = [...options.pod.spec.containers, ...(options.pod.spec.initContainers ?? [])];
  return all.find((c) => c.name === name) ?? options.container;
}

function keyValue(
  kind: "Secret" | "ConfigMap",
  ref: KeyRef,
  namespace: string,
  sources: EnvSources,
): string | undefined {
  const name = ref.name ?? "";
  const data =
    kind === "Secret" ? sources.secret(namespace, name) : sources.configMap(namespace, name);
  if (data === undefined) {
    if (ref.optional === true) return undefined;
    throw new EnvResolutionError(
      `${kind === "Secret" ? "secret" : "configmap"} "${name}" not found`,
    );
  }
  const value = data[ref.key];
  if (value === undefined && ref.optional !== true) {
    throw new EnvResolutionError(`couldn't find key ${ref.key} in ${kind} ${namespace}/${name}`);
  }
  return value;
}
