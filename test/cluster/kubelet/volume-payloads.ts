// The files of secret, configMap, downwardAPI and projected volumes, computed from the objects
// they reference as the kubelet computes them (items, modes, optional sources).
import type {
  DownwardApiItem,
  KeyToPath,
  Pod,
  ProjectedSource,
  Volume,
} from "../controllers/kube-types.js";
import type { PayloadFile } from "./atomic-writer.js";
import { resolveFieldPath, resolveResourceField } from "./field-path.js";

/** A volume the kubelet cannot set up yet; the pod waits in ContainerCreating. */
export class VolumeNotReadyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "VolumeNotReadyError";
  }
}

/** What payloads read: raw object data (secret values still base64, as stored). */
export interface PayloadSources {
  configMap(
    namespace: string,
    name: string,
  ): { data?: Record<string, string>; binaryData?: Record<string, string> } | undefined;
  secret(namespace: string, name: string): { data?: Record<string, string> } | undefined;
  serviceAccountToken(namespace: string, serviceAccount: string): string;
  readonly allocatable: Readonly<Record<string, string>>;
}

const defaultMode = 0o644;

function keyedFiles(
  values: Map<string, Uint8Array>,
  items: readonly KeyToPath[] | undefined,
  mode: number,
  describe: string,
): PayloadFile[] {
  if (items === undefined || items.length === 0) {
    return [...values].map(([key, content]) => ({ path: key, content, mode }));
  }
  return items.map((item) => {
    const content = values.get(item.key);
    if (content === undefined)
      throw new VolumeNotReadyError(`couldn't find key ${item.key} in ${describe}`);
    return { path: item.path, content, mode: item.mode ?? mode };
  });
}

function configMapValues(
  sources: PayloadSources,
  namespace: string,
  name: string,
): Map<string, Uint8Array> | undefined {
  const object = sources.configMap(namespace, name);
  if (object === undefined) return undefined;
  const values = new Map<string, Uint8Array>();
  for (const [key, text] of Object.entries(object.data ?? {}))
    values.set(key, Buffer.from(text, "utf8"));
  for (const [key, b64] of Object.entries(object.binaryData ?? {}))
    values.set(key, Buffer.from(b64, "base64"));
  return values;
}

function secretValues(
  sources: PayloadSources,
  namespace: string,
  name: string,
): Map<string, Uint8Array> | undefined {
  const object = sources.secret(namespace, name);
  if (object === undefined) return undefined;
  return new Map(
    Object.entries(object.data ?? {}).map(([key, b64]) => [key, Buffer.from(b64, "base64")]),
  );
}

interface KeyedSource {
  readonly kind: "Secret" | "ConfigMap";
  readonly name: string;
  readonly items: readonly KeyToPath[] | undefined;
  readonly optional: boolean;
}

function keyedSourceFiles(
  pod: Pod,
  source: KeyedSource,
  sources: PayloadSources,
  mode: number,
): PayloadFile[] {
  const namespace = pod.metadata.namespace ?? "default";
  const values =
    source.kind === "Secret"
      ? secretValues(sources, namespace, source.name)
      : configMapValues(sources, namespace, source.name);
  if (values === undefined) {
    if (source.optional) return [];
    throw new VolumeNotReadyError(`${source.kind.toLowerCase()} "${source.name}" not found`);
  }
  return keyedFiles(values, source.items, mode, `${source.kind} ${namespace}/${source.name}`);
}

function downwardFiles(
  pod: Pod,
  items: readonly DownwardApiItem[],
  sources: PayloadSources,
  mode: number,
): PayloadFile[] {
  return items.map((item) => {
    let content = "";
    if (item.fieldRef !== undefined) content = resolveFieldPath(pod, item.fieldRef.fieldPath);
    else if (item.resourceFieldRef !== undefined) {
      const name = item.resourceFieldRef.containerName ?? "";
      const container = pod.spec.containers.find((c) => c.name === name) ??
        pod.spec.containers[0] ?? { name: "" };
      content = resolveResourceField(container, item.resourceFieldRef, sources.allocatable);
    }
    return { path: item.path, content, mode: item.mode ?? mode };
  });
}

type KeyedVolumeSource = { name?: string; items?: KeyToPath[]; optional?: boolean };

function keyed(kind: "Secret" | "ConfigMap", source: KeyedVolumeSource): KeyedSource {
  return { kind, name: source.name ?? "", items: source.items, optional: source.optional === true };
}

function tokenFiles(pod: Pod, path: string, sources: PayloadSources): PayloadFile[] {
  const account = pod.spec.serviceAccountName ?? "default";
  const token = sources.serviceAccountToken(pod.metadata.namespace ?? "default", account);
  return [{ path, content: token, mode: 0o600 }];
}

function projectedSourceFiles(
  pod: Pod,
  source: ProjectedSource,
  sources: PayloadSources,
  mode: number,
): PayloadFile[] {
  if (source.secret !== undefined) {
    return keyedSourceFiles(pod, keyed("Secret", source.secret), sources, mode);
  }
  if (source.configMap !== undefined) {
    return keyedSourceFiles(pod, keyed("ConfigMap", source.configMap), sources, mode);
  }
  if (source.downwardAPI !== undefined) {
    return downwardFiles(pod, source.downwardAPI.items ?? [], sources, mode);
  }
  if (source.serviceAccountToken !== undefined) {
    return tokenFiles(pod, source.serviceAccountToken.path, sources);
  }
  return [];
}

/**
 * The files of a secret, configMap, downwardAPI or projected volume, or undefined for other
 * volume types. Throws {@link VolumeNotReadyError} for a missing required source.
 */
export function volumePayload(
  pod: Pod,
  volume: Volume,
  sources: PayloadSources,
): PayloadFile[] | undefined {
  const mode = (m: number | undefined): number => m ?? defaultMode;
  if (volume.secret !== undefined) {
    const source = keyed("Secret", { ...volume.secret, name: volume.secret.secretName });
    return keyedSourceFiles(pod, source, sources, mode(volume.secret.defaultMode));
  }
  if (volume.configMap !== undefined) {
    const source = keyed("ConfigMap", volume.configMap);
    return keyedSourceFiles(pod, source, sources, mode(volume.configMap.defaultMode));
  }
  const downward = volume.downwardAPI;
  if (downward !== undefined) {
    return downwardFiles(pod, downward.items ?? [], sources, mode(downward.defaultMode));
  }
  const projected = volume.projected;
  if (projected === undefined) return undefined;
  return (projected.sources ?? []).flatMap((s) =>
    projectedSourceFiles(pod, s, sources, mode(projected.defaultMode)),
  );
}
