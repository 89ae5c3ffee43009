// Subresources with their own shapes: `scale` (autoscaling/v1 Scale), `pods/log`,
// `pods/binding`, `pods/eviction`, `namespaces/finalize` and `serviceaccounts/token`.
import type { KubeObject, PodLogSource } from "../cluster-api.js";
import { ApiError } from "../cluster-api.js";
import { timestamp } from "../api/api-context.js";
import { badRequest, conflict, notFound } from "../api/api-errors.js";
import { deleteObject } from "../api/delete-object.js";
import { updateObject } from "../api/update-object.js";
import { applyJsonPatch } from "../patch/json-patch.js";
import { applyMergePatch } from "../patch/json-merge-patch.js";
import type { ResourceType, ScalePaths } from "../registry/resource-type.js";
import type { ApiCall } from "./api-handlers.js";
import { decodeObjectBody, decodePatchBody, readBody } from "./request-body.js";
import { sendJson, statusObject } from "./responses.js";

function pathParts(path: string): string[] {
  return path.replace(/^\./, "").split(".");
}

function readPath(object: unknown, path: string): unknown {
  return pathParts(path).reduce<unknown>(
    (o, k) => (typeof o === "object" && o !== null ? (o as Record<string, unknown>)[k] : undefined),
    object,
  );
}

function writePath(object: Record<string, unknown>, path: string, value: unknown): void {
  const parts = pathParts(path);
  const last = parts.pop() ?? "";
  let current = object;
  for (const part of parts) {
    const next = current[part];
    if (typeof next !== "object" || next === null) current[part] = {};
    current = current[part] as Record<string, unknown>;
  }
  current[last] = value;
}

function selectorText(type: ResourceType, object: KubeObject, paths: ScalePaths): string {
  if (type.custom) {
    const value =
      paths.labelSelectorPath === undefined ? undefined : readPath(object, paths.labelSelectorPath);
    return typeof value === "string" ? value : "";
  }
  const labels = readPath(object, ".spec.selector.matchLabels");
  if (typeof labels !== "object" || labels === null) return "";
  return Object.entries(labels as Record<string, string>)
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
}

function scaleOf(type: ResourceType, object: KubeObject): Record<string, unknown> {
  const paths = type.scale ?? {
    specReplicasPath: ".spec.replicas",
    statusReplicasPath: ".status.replicas",
  };
  const { name, namespace, uid, resourceVersion, creationTimestamp } = object.metadata;
  const selector = selectorText(type, object, paths);
  return {
    kind: "Scale",
    apiVersion: "autoscaling/v1",
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    spec: { replicas: Number(readPath(object, paths.specReplicasPath) ?? 0) },
    status: {
      replicas: Number(readPath(object, paths.statusReplicasPath) ?? 0),
      ...(selector === "" ? {} : { selector }),
    },
  };
}

function current(call: ApiCall, name: string): KubeObject {
  const object = call.ctx.store.get(call.type.storageKey, call.info.namespace ?? "", name);
  if (object === undefined) throw notFound(call.type, name);
  return object;
}

function setReplicas(
  call: ApiCall,
  name: string,
  scale: { metadata?: { resourceVersion?: string }; spec?: { replicas?: unknown } },
): KubeObject {
  const object = structuredClone(current(call, name));
  const replicas = scale.spec?.replicas;
  if (typeof replicas !== "number" || replicas < 0)
    throw new ApiError(
      422,
      "Invalid",
      `Scale.autoscaling "${name}" is invalid: spec.replicas: Invalid value: ${String(replicas)}: must be greater than or equal to 0`,
    );
  const wanted = scale.metadata?.resourceVersion;
  if (wanted !== undefined && wanted !== "" && wanted !== object.metadata.resourceVersion)
    throw conflict(call.type, name);
  writePath(object, call.type.scale?.specReplicasPath ?? ".spec.replicas", replicas);
  return updateObject(call.ctx, call.type, {
    namespace: call.info.namespace,
    name,
    body: object,
    decoded: true,
    options: { fieldManager: "kubectl" },
  });
}

/** GET, PUT and PATCH of `<resource>/<name>/scale`. */
export async function handleScale(call: ApiCall, name: string): Promise<void> {
  if (call.type.scale === undefined) throw notFound(call.type, name);
  if (call.info.verb === "get") {
    sendJson(call.res, 200, scaleOf(call.type, current(call, name)));
    return;
  }
  const raw = await readBody(call.req);
  let scale: unknown;
  if (call.info.verb === "update") scale = decodeObjectBody(call.req.headers["content-type"], raw);
  else {
    const { patchType, patch } = decodePatchBody(call.req.headers["content-type"], raw);
    const base = scaleOf(call.type, current(call, name));
    scale = patchType === "json" ? applyJsonPatch(base, patch) : applyMergePatch(base, patch);
  }
  const updated = setReplicas(call, name, scale as Parameters<typeof setReplicas>[2]);
  sendJson(call.res, 200, scaleOf(call.type, updated));
}

/** GET of `pods/<name>/log`, streamed from the kubelet's log source. */
export function handleLog(call: ApiCall, name: string, logs: PodLogSource | undefined): void {
  const pod = current(call, name);
  const q = call.query;
  const number = (key: string): number | undefined =>
    q.get(key) === null ? undefined : Number(q.get(key));
  const options = {
    ...(q.get("container") === null ? {} : { container: q.get("container") ?? "" }),
    follow: q.get("follow") === "true",
    previous: q.get("previous") === "true",
    timestamps: q.get("timestamps") === "true",
    ...(number("tailLines") === undefined ? {} : { tailLines: number("tailLines") }),
    ...(number("sinceSeconds") === undefined ? {} : { sinceSeconds: number("sinceSeconds") }),
    ...(number("limitBytes") === undefined ? {} : { limitBytes: number("limitBytes") }),
  };
  if (logs === undefined) {
    call.res.writeHead(200, { "Content-Type": "text/plain" });
    call.res.end();
    return;
  }
  const stream = logs.readLog(structuredClone(pod), options);
  call.res.writeHead(200, { "Content-Type": "text/plain", "Transfer-Encoding": "chunked" });
  call.res.flushHeaders();
  call.res.on("close", () => stream.destroy());
  stream.on("error", () => call.res.end());
  stream.pipe(call.res);
}

/** POST of `pods/<name>/binding`. */
export async function handleBinding(call: ApiCall, name: string): Promise<void> {
  const binding = decodeObjectBody(call.req.headers["content-type"], await readBody(call.req)) as {
    target?: { name?: string };
  };
  const pod = structuredClone(current(call, name));
  const spec = (pod["spec"] ?? {}) as { nodeName?: string };
  if ((spec.nodeName ?? "") !== "")
    throw conflict(
      call.type,
      name,
      `pod ${name} is already assigned to node "${spec.nodeName ?? ""}"`,
    );
  const node = binding.target?.name;
  if (node === undefined || node === "") throw badRequest("binding target name is required");
  pod["spec"] = { ...spec, nodeName: node };
  updateObject(call.ctx, call.type, {
    namespace: call.info.namespace,
    name,
    body: pod,
    decoded: true,
    options: {},
  });
  sendJson(call.res, 201, statusObject(201, "", ""));
}

/** POST of `pods/<name>/eviction` (disruption budgets are not enforced). */
export function handleEviction(call: ApiCall, name: string): void {
  deleteObject(call.ctx, call.type, { namespace: call.info.namespace, name, options: {} });
  sendJson(call.res, 201, statusObject(201, "", ""));
}

/** PUT of `namespaces/<name>/finalize`: replaces spec.finalizers. */
export async function handleFinalize(
  call: ApiCall,
  name: string,
  terminate: (name: string) => void,
): Promise<void> {
  const body = decodeObjectBody(call.req.headers["content-type"], await readBody(call.req)) as {
    spec?: { finalizers?: unknown };
  };
  const ns = current(call, name);
  const finalizers = Array.isArray(body.spec?.finalizers) ? (body.spec.finalizers as string[]) : [];
  const stored = call.ctx.store.write(
    call.type.storageKey,
    { ...ns, metadata: { ...ns.metadata }, spec: { ...(ns["spec"] as object), finalizers } },
    "MODIFIED",
  );
  if (stored.metadata.deletionTimestamp !== undefined) terminate(name);
  sendJson(call.res, 200, stored);
}

/** POST of `serviceaccounts/<name>/token`. */
export async function handleToken(
  call: ApiCall,
  name: string,
  mint: (namespace: string, name: string) => string,
): Promise<void> {
  const body = decodeObjectBody(call.req.headers["content-type"], await readBody(call.req)) as {
    spec?: Record<string, unknown>;
  };
  current(call, name);
  const seconds =
    typeof body.spec?.["expirationSeconds"] === "number" ? body.spec["expirationSeconds"] : 3600;
  sendJson(call.res, 201, {
    kind: "TokenRequest",
    apiVersion: "authentication.k8s.io/v1",
    metadata: { name, namespace: call.info.namespace, creationTimestamp: null },
    spec: {
      audiences: ["https://kubernetes.default.svc.cluster.local"],
      ...body.spec,
      expirationSeconds: seconds,
    },
    status: {
      token: mint(call.info.namespace ?? "", name),
      expirationTimestamp: timestamp(call.ctx.clock, seconds),
    },
  });
}
