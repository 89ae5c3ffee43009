// Field conversions between versions that share storage: events.k8s.io/v1 Events stored as core
// v1 Events, and autoscaling/v1 HorizontalPodAutoscalers stored as autoscaling/v2.
import type { KubeObject } from "../cluster-api.js";

/** Converts objects of one served version to and from their stored form. */
export interface VersionConversion {
  /** The served form (with the served apiVersion already set) to the stored form. */
  toStorage(object: KubeObject): KubeObject;
  /** The stored form to the served form (the caller sets apiVersion afterwards). */
  fromStorage(object: KubeObject): KubeObject;
}

type Json = Record<string, unknown>;

function renamed(object: KubeObject, pairs: readonly (readonly [string, string])[]): KubeObject {
  const out: Json = { ...object };
  for (const [from, to] of pairs) {
    if (!Object.hasOwn(out, from)) continue;
    out[to] = out[from];
    Reflect.deleteProperty(out, from);
  }
  return out as KubeObject;
}

const EVENT_FIELDS = [
  ["involvedObject", "regarding"],
  ["message", "note"],
  ["reportingComponent", "reportingController"],
  ["source", "deprecatedSource"],
  ["firstTimestamp", "deprecatedFirstTimestamp"],
  ["lastTimestamp", "deprecatedLastTimestamp"],
  ["count", "deprecatedCount"],
] as const;

/** events.k8s.io/v1 Event <-> core v1 Event. */
export const EVENTS_CONVERSION: VersionConversion = {
  toStorage: (event) =>
    renamed(
      event,
      EVENT_FIELDS.map(([core, events]) => [events, core] as const),
    ),
  fromStorage: (event) => renamed(event, EVENT_FIELDS),
};

interface Metric {
  type?: string;
  resource?: {
    name?: string;
    target?: { averageUtilization?: number };
    current?: { averageUtilization?: number };
  };
}

function cpuMetric(metrics: unknown, key: "target" | "current"): number | undefined {
  if (!Array.isArray(metrics)) return undefined;
  const cpu = (metrics as Metric[]).find(
    (m) => m.type === "Resource" && m.resource?.name === "cpu",
  );
  return cpu?.resource?.[key]?.averageUtilization;
}

function hpaToV2(hpa: KubeObject): KubeObject {
  const { targetCPUUtilizationPercentage: target, ...spec } = (hpa["spec"] ?? {}) as Json;
  const { currentCPUUtilizationPercentage: current, ...status } = (hpa["status"] ?? {}) as Json;
  const metrics =
    typeof target === "number"
      ? [
          {
            type: "Resource",
            resource: { name: "cpu", target: { type: "Utilization", averageUtilization: target } },
          },
        ]
      : undefined;
  const currentMetrics =
    typeof current === "number"
      ? [{ type: "Resource", resource: { name: "cpu", current: { averageUtilization: current } } }]
      : undefined;
  return {
    ...hpa,
    spec: { ...spec, ...(metrics === undefined ? {} : { metrics }) },
    ...(hpa["status"] === undefined
      ? {}
      : { status: { ...status, ...(currentMetrics === undefined ? {} : { currentMetrics }) } }),
  };
}

function hpaToV1(hpa: KubeObject): KubeObject {
  const { metrics, behavior: _behavior, ...spec } = (hpa["spec"] ?? {}) as Json;
  const { currentMetrics, conditions: _conditions, ...status } = (hpa["status"] ?? {}) as Json;
  const target = cpuMetric(metrics, "target");
  const current = cpuMetric(currentMetrics, "current");
  return {
    ...hpa,
    spec: { ...spec, ...(target === undefined ? {} : { targetCPUUtilizationPercentage: target }) },
    ...(hpa["status"] === undefined
      ? {}
      : {
          status: {
            ...status,
            ...(current === undefined ? {} : { currentCPUUtilizationPercentage: current }),
          },
        }),
  };
}

/** autoscaling/v1 HorizontalPodAutoscaler <-> autoscaling/v2 (CPU utilization target only). */
export const HPA_V1_CONVERSION: VersionConversion = { toStorage: hpaToV2, fromStorage: hpaToV1 };
