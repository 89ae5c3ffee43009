// Table responses (`meta.k8s.io/v1` Table) for `kubectl get`: built-in printers, CRD
// `additionalPrinterColumns` evaluated by JSONPath, and the default Name/Age columns, with the
// row object included as requested (`includeObject=None|Metadata|Object`).
import type { KubeObject } from "../../cluster-api.js";
import type { PrinterColumn, ResourceType } from "../../registry/resource-type.js";
import { CORE_PRINTERS } from "./core-printers.js";
import { age } from "./human-duration.js";
import { evaluateJsonPath } from "./jsonpath.js";
import { AGE, NAME } from "./printer.js";
import type { Printer } from "./printer.js";
import { WORKLOAD_PRINTERS } from "./workload-printers.js";

/** What each row carries besides its cells. */
export type IncludeObject = "None" | "Metadata" | "Object";

const DEFAULT: Printer = {
  columns: [NAME, AGE],
  cells: (o, now) => [o.metadata.name, age(o.metadata.creationTimestamp, now)],
};

function cellValue(column: PrinterColumn, object: KubeObject, now: Date): unknown {
  const values = evaluateJsonPath(object, column.jsonPath ?? "");
  if (values.length === 0) return null;
  const first = values[0];
  if (column.type === "date") return age(first, now);
  if (values.length > 1 || typeof first === "object")
    return values.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join(",");
  return first;
}

function customPrinter(columns: readonly PrinterColumn[]): Printer {
  return {
    columns: [
      NAME,
      ...columns.map((c) => ({
        name: c.name,
        type: c.type === "date" ? ("date" as const) : (c.type as "string"),
        priority: c.priority,
        description: c.description ?? "",
      })),
    ],
    cells: (o, now) => [o.metadata.name, ...columns.map((c) => cellValue(c, o, now))],
  };
}

function printerFor(type: ResourceType): Printer {
  if (type.printerColumns !== undefined && type.printerColumns.length > 0)
    return customPrinter(type.printerColumns);
  if (type.custom) return DEFAULT;
  return WORKLOAD_PRINTERS.get(type.storageKey) ?? CORE_PRINTERS.get(type.storageKey) ?? DEFAULT;
}

function rowObject(object: KubeObject, include: IncludeObject): unknown {
  if (include === "None") return undefined;
  if (include === "Object") return object;
  return { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: object.metadata };
}

/** A Table of `objects` of `type`; `listMeta` becomes the Table's metadata. */
export function toTable(
  type: ResourceType,
  objects: readonly KubeObject[],
  options: {
    include: IncludeObject;
    listMeta: Record<string, unknown>;
    now: Date;
    columns?: boolean;
  },
): Record<string, unknown> {
  const printer = printerFor(type);
  const columnDefinitions = printer.columns.map((c) => ({
    name: c.name,
    type: c.type,
    format: c.format ?? "",
    description: c.description,
    priority: c.priority ?? 0,
  }));
  return {
    kind: "Table",
    apiVersion: "meta.k8s.io/v1",
    metadata: options.listMeta,
    ...(options.columns === false ? {} : { columnDefinitions }),
    rows: objects.map((object) => {
      const row = rowObject(object, options.include);
      const stored = type.conversion === undefined ? object : type.conversion.toStorage(object);
      return {
        cells: printer.cells(stored, options.now),
        ...(row === undefined ? {} : { object: row }),
      };
    }),
  };
}
