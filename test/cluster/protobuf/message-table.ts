// Message layouts for decoding: compact `number:jsonName:type` entries parsed once into field
// maps. Types: `s` string, `i` integer, `b` bool, `y` bytes, `d` double, a qualified message
// name, `[]T` for repeated fields and `{K:V}` for maps.
import { CORE_V1_MESSAGES } from "./tables/core-v1.js";
import { OTHER_MESSAGES } from "./tables/other-groups.js";
import { WORKLOAD_MESSAGES } from "./tables/workloads.js";

/** Message layouts by qualified name. */
export type MessageTable = Readonly<Record<string, string>>;

/** One field of a message layout. */
export interface FieldLayout {
  readonly name: string;
  readonly type: string;
  readonly repeated: boolean;
  readonly map?: { readonly key: string; readonly value: string };
  /** The field's own fields are merged into the parent's JSON (Go embedded struct). */
  readonly inline: boolean;
}

const ALL: MessageTable = { ...CORE_V1_MESSAGES, ...WORKLOAD_MESSAGES, ...OTHER_MESSAGES };
const parsed = new Map<string, ReadonlyMap<number, FieldLayout>>();

function parseField(entry: string): [number, FieldLayout] {
  const [number, rawName, type] = splitEntry(entry);
  const inline = rawName.startsWith("~");
  const name = inline ? rawName.slice(1) : rawName;
  const map = /^\{(.+?):(.+)\}$/.exec(type);
  if (map !== null)
    return [
      Number(number),
      { name, type, repeated: false, map: { key: map[1] ?? "s", value: map[2] ?? "s" }, inline },
    ];
  const repeated = type.startsWith("[]");
  return [Number(number), { name, type: repeated ? type.slice(2) : type, repeated, inline }];
}

function splitEntry(entry: string): [string, string, string] {
  const first = entry.indexOf(":");
  const second = entry.indexOf(":", first + 1);
  return [entry.slice(0, first), entry.slice(first + 1, second), entry.slice(second + 1)];
}

/** The layout of message `name`, or undefined when this server has no table for it. */
export function messageLayout(name: string): ReadonlyMap<number, FieldLayout> | undefined {
  let layout = parsed.get(name);
  if (layout === undefined) {
    const spec = Object.hasOwn(ALL, name) ? ALL[name] : undefined;
    if (spec === undefined) return undefined;
    layout = new Map(
      spec
        .split(" ")
        .filter((e) => e !== "")
        .map(parseField),
    );
    parsed.set(name, layout);
  }
  return layout;
}
