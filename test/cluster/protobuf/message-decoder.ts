// Decodes protobuf messages to the JSON the same object has in Kubernetes' JSON encoding:
// special apimachinery types (Time, Quantity, IntOrString, RawExtension, FieldsV1), bytes as
// base64, maps, inlined embedded structs, and zero values dropped as Go's omitempty would.
import { messageLayout } from "./message-table.js";
import type { FieldLayout } from "./message-table.js";
import { ProtobufError, readFields, readVarint } from "./wire-reader.js";
import type { WireField } from "./wire-reader.js";

type Json = Record<string, unknown>;

/** Fields whose zero value is meaningful (Go pointers or fields without omitempty). */
const KEEP_ZERO = new Set([
  "replicas",
  "value",
  "automountServiceAccountToken",
  "terminationGracePeriodSeconds",
  "activeDeadlineSeconds",
  "backoffLimit",
  "parallelism",
  "completions",
  "runAsUser",
  "runAsGroup",
  "fsGroup",
  "runAsNonRoot",
  "privileged",
  "allowPrivilegeEscalation",
  "readOnlyRootFilesystem",
  "defaultMode",
  "mode",
  "optional",
  "enableServiceLinks",
  "shareProcessNamespace",
  "hostUsers",
  "ttlSecondsAfterFinished",
  "startingDeadlineSeconds",
  "successfulJobsHistoryLimit",
  "failedJobsHistoryLimit",
  "revisionHistoryLimit",
  "progressDeadlineSeconds",
  "priority",
  "setHostnameAsFQDN",
  "allocateLoadBalancerNodePorts",
  "suspend",
]);

function scalar(type: string, field: WireField): unknown {
  if (field.wire === 0) {
    if (type === "b") return field.value !== 0n;
    return Number(BigInt.asIntN(64, field.value));
  }
  if (field.wire === 1)
    return type === "d" ? field.value.readDoubleLE(0) : Number(field.value.readBigInt64LE(0));
  if (field.wire === 5)
    return type === "d" ? field.value.readFloatLE(0) : field.value.readInt32LE(0);
  if (type === "s") return field.value.toString("utf8");
  if (type === "y") return field.value.toString("base64");
  return undefined;
}

function packed(type: string, data: Buffer): unknown[] {
  const out: unknown[] = [];
  let offset = 0;
  while (offset < data.length) {
    const { value, next } = readVarint(data, offset);
    out.push(scalar(type, { number: 0, wire: 0, value }));
    offset = next;
  }
  return out;
}

function time(data: Buffer, micro: boolean): string | undefined {
  let seconds = 0;
  let nanos = 0;
  for (const field of readFields(data)) {
    if (field.wire !== 0) continue;
    if (field.number === 1) seconds = Number(BigInt.asIntN(64, field.value));
    if (field.number === 2) nanos = Number(field.value);
  }
  if (seconds === 0 && nanos === 0) return undefined;
  const iso = new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "");
  return micro ? `${iso}.${String(Math.floor(nanos / 1000)).padStart(6, "0")}Z` : `${iso}Z`;
}

function firstBytes(data: Buffer, number: number): Buffer | undefined {
  const field = readFields(data).find((f) => f.number === number && f.wire === 2);
  return field?.wire === 2 ? field.value : undefined;
}

function intOrString(data: Buffer): unknown {
  let type = 0n;
  let intVal = 0;
  let strVal = "";
  for (const field of readFields(data)) {
    if (field.number === 1 && field.wire === 0) type = field.value;
    if (field.number === 2 && field.wire === 0) intVal = Number(BigInt.asIntN(32, field.value));
    if (field.number === 3 && field.wire === 2) strVal = field.value.toString("utf8");
  }
  return type === 1n ? strVal : intVal;
}

function rawJson(data: Buffer | undefined): unknown {
  if (data === undefined || data.length === 0) return undefined;
  try {
    return JSON.parse(data.toString("utf8"));
  } catch {
    return data.toString("base64");
  }
}

const SPECIAL: Readonly<Record<string, (data: Buffer) => unknown>> = {
  "meta.v1.Time": (data) => time(data, false),
  "meta.v1.MicroTime": (data) => time(data, true),
  "resource.Quantity": (data) => firstBytes(data, 1)?.toString("utf8"),
  "intstr.IntOrString": intOrString,
  "runtime.RawExtension": (data) => rawJson(firstBytes(data, 1)),
  "meta.v1.FieldsV1": (data) => rawJson(firstBytes(data, 1)),
};

function value(type: string, field: WireField): unknown {
  if (type.length <= 1) return scalar(type, field);
  if (field.wire !== 2)
    throw new ProtobufError(`field ${field.number} of type ${type} is not length-delimited`);
  const special = Object.hasOwn(SPECIAL, type) ? SPECIAL[type] : undefined;
  return special === undefined ? decodeMessage(type, field.value) : special(field.value);
}

function mapEntry(layout: FieldLayout, data: Buffer): [string, unknown] {
  let key = "";
  let item: unknown = layout.map?.value === "s" ? "" : undefined;
  for (const field of readFields(data)) {
    if (field.number === 1) key = String(scalar("s", field));
    if (field.number === 2) item = value(layout.map?.value ?? "s", field);
  }
  return [key, item];
}

function isZero(name: string, item: unknown): boolean {
  if (item === undefined || item === "") return true;
  return (item === 0 || item === false) && !KEEP_ZERO.has(name);
}

function addMapEntry(out: Json, layout: FieldLayout, data: Buffer): void {
  const [key, item] = mapEntry(layout, data);
  const map = (out[layout.name] ?? {}) as Json;
  map[key] = item;
  out[layout.name] = map;
}

function addRepeated(out: Json, layout: FieldLayout, field: WireField): void {
  const list = (out[layout.name] ?? []) as unknown[];
  const numeric = layout.type.length <= 1 && layout.type !== "s" && layout.type !== "y";
  if (field.wire === 2 && numeric) list.push(...packed(layout.type, field.value));
  else list.push(value(layout.type, field));
  out[layout.name] = list;
}

function addField(out: Json, layout: FieldLayout, field: WireField): void {
  if (layout.map !== undefined && field.wire === 2) addMapEntry(out, layout, field.value);
  else if (layout.repeated) addRepeated(out, layout, field);
  else if (layout.inline) Object.assign(out, value(layout.type, field));
  else {
    const item = value(layout.type, field);
    if (isZero(layout.name, item)) Reflect.deleteProperty(out, layout.name);
    else out[layout.name] = item;
  }
}

/** Decodes message `type` from `data` to its JSON form; throws {@link ProtobufError}. */
export function decodeMessage(type: string, data: Buffer): Json {
  const layout = messageLayout(type);
  if (layout === undefined) throw new ProtobufError(`no field table for ${type}`);
  const out: Json = {};
  for (const field of readFields(data)) {
    const fieldLayout = layout.get(field.number);
    if (fieldLayout !== undefined) addField(out, fieldLayout, field);
  }
  return out;
}
