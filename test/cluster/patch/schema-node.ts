// Navigation of a kind's field structure for patching and field ownership: which lists merge by
// key (strategic merge patch metadata of built-ins, `x-kubernetes-list-type` of custom
// resources), which are sets, which are atomic.
import type { ResourceType } from "../registry/resource-type.js";
import { modelAttributes } from "../validation/builtin-schema.js";
import type { StructuralSchema } from "../validation/structural-schema.js";

/** How a list field combines with another version of itself. */
export interface ListStrategy {
  /** `map`: items identified by `keys`; `set`: primitive values merged; `atomic`: replaced. */
  readonly kind: "map" | "set" | "atomic";
  readonly keys: readonly string[];
  /** SMP `retainKeys` on the list items (built-in volumes) or the field itself. */
  readonly retainKeys: boolean;
}

/** A position in an object's structure. */
export interface SchemaNode {
  /** The node of field `name` of this object or map (undefined when unknown). */
  field(name: string): SchemaNode | undefined;
  /** The node of this list's items. */
  items(): SchemaNode | undefined;
  /** How this list merges (atomic when not a known mergeable list). */
  list(): ListStrategy;
  /** True when this map uses SMP `retainKeys`. */
  retainKeys(): boolean;
}

const ATOMIC: ListStrategy = { kind: "atomic", keys: [], retainKeys: false };

const BUILTIN_LISTS: Readonly<Record<string, string>> = {
  "V1ObjectMeta.finalizers": "set",
  "V1ObjectMeta.ownerReferences": "uid",
  "V1PodSpec.volumes": "name+retain",
  "V1PodSpec.initContainers": "name",
  "V1PodSpec.containers": "name",
  "V1PodSpec.ephemeralContainers": "name",
  "V1PodSpec.imagePullSecrets": "name",
  "V1PodSpec.hostAliases": "ip",
  "V1PodSpec.topologySpreadConstraints": "topologyKey",
  "V1PodSpec.resourceClaims": "name+retain",
  "V1PodSpec.schedulingGates": "name",
  "V1Container.ports": "containerPort",
  "V1Container.env": "name",
  "V1Container.volumeMounts": "mountPath",
  "V1Container.volumeDevices": "devicePath",
  "V1EphemeralContainer.ports": "containerPort",
  "V1EphemeralContainer.env": "name",
  "V1EphemeralContainer.volumeMounts": "mountPath",
  "V1EphemeralContainer.volumeDevices": "devicePath",
  "V1ServiceSpec.ports": "port",
  "V1ServiceAccount.secrets": "name",
  "V1NodeSpec.podCIDRs": "set",
  "V1NodeStatus.addresses": "type",
  "V1PodStatus.podIPs": "ip",
  "V1PodStatus.hostIPs": "ip",
};

const RETAIN_KEYS_FIELDS = new Set(["V1DeploymentSpec.strategy", "V1DaemonSetSpec.updateStrategy"]);

function builtinList(model: string, field: string): ListStrategy {
  const entry = BUILTIN_LISTS[`${model}.${field}`];
  if (entry === undefined) {
    return field === "conditions" && model.endsWith("Status")
      ? { kind: "map", keys: ["type"], retainKeys: false }
      : ATOMIC;
  }
  if (entry === "set") return { kind: "set", keys: [], retainKeys: false };
  const [key = "", retain] = entry.split("+");
  return { kind: "map", keys: [key], retainKeys: retain === "retain" };
}

const ARRAY = /^Array<(.+)>$/;
const MAP = /^\{ \[key: string\]: (.+); \}$/;

class BuiltinNode implements SchemaNode {
  private readonly type: string;
  private readonly listStrategy: ListStrategy;
  private readonly retain: boolean;

  constructor(type: string, listStrategy: ListStrategy = ATOMIC, retain = false) {
    this.type = type;
    this.listStrategy = listStrategy;
    this.retain = retain;
  }

  field(name: string): SchemaNode | undefined {
    const mapOf = MAP.exec(this.type)?.[1];
    if (mapOf !== undefined) return new BuiltinNode(mapOf);
    const attribute = modelAttributes(this.type)?.get(name);
    if (attribute === undefined) return undefined;
    const key = `${this.type}.${name}`;
    return new BuiltinNode(
      attribute.type,
      builtinList(this.type, name),
      RETAIN_KEYS_FIELDS.has(key),
    );
  }

  items(): SchemaNode | undefined {
    const item = ARRAY.exec(this.type)?.[1];
    return item === undefined
      ? undefined
      : new BuiltinNode(item, ATOMIC, this.listStrategy.retainKeys);
  }

  list(): ListStrategy {
    return this.listStrategy;
  }

  retainKeys(): boolean {
    return this.retain;
  }
}

class CustomNode implements SchemaNode {
  private readonly schema: StructuralSchema;
  private readonly root: boolean;

  constructor(schema: StructuralSchema, root = false) {
    this.schema = schema;
    this.root = root;
  }

  field(name: string): SchemaNode | undefined {
    if (this.root) {
      if (name === "metadata") return new BuiltinNode("V1ObjectMeta");
      if (name === "apiVersion" || name === "kind") return new CustomNode({ type: "string" });
    }
    const additional = this.schema.additionalProperties;
    const child =
      this.schema.properties?.[name] ?? (typeof additional === "object" ? additional : undefined);
    if (child !== undefined) return new CustomNode(child);
    return this.schema["x-kubernetes-preserve-unknown-fields"] === true
      ? new CustomNode({ "x-kubernetes-preserve-unknown-fields": true })
      : undefined;
  }

  items(): SchemaNode | undefined {
    return this.schema.items === undefined ? undefined : new CustomNode(this.schema.items);
  }

  list(): ListStrategy {
    const raw = this.schema as Record<string, unknown>;
    const listType = raw["x-kubernetes-list-type"];
    if (listType === "set") return { kind: "set", keys: [], retainKeys: false };
    if (listType === "map") {
      const keys = raw["x-kubernetes-list-map-keys"];
      return {
        kind: "map",
        keys: Array.isArray(keys) ? (keys as string[]) : [],
        retainKeys: false,
      };
    }
    return ATOMIC;
  }

  retainKeys(): boolean {
    return false;
  }
}

/** The root node of objects of `type`. */
export function schemaRoot(type: ResourceType): SchemaNode {
  if (type.custom) {
    return new CustomNode(type.schema ?? { "x-kubernetes-preserve-unknown-fields": true }, true);
  }
  return new BuiltinNode(type.model ?? "");
}

/** The root node of a client-node model (for tests and embedded objects). */
export function modelRoot(model: string): SchemaNode {
  return new BuiltinNode(model);
}
