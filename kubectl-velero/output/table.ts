// Tables as kubectl's printer draws them (Go tabwriter: min width 6, padding 3, spaces):
// upper-case headers, columns aligned, label columns (`-L`, `--show-labels`), nothing at all
// when there are no rows.
import { alignTabs } from "./tab-writer.js";

/** A table: headers and rows of cell strings. */
export interface Table {
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** The label columns of a table: one per `-L` key, then all labels with `--show-labels`. */
export interface LabelColumns {
  readonly columnLabels?: readonly string[];
  readonly showLabels?: boolean;
}

/** A row with the labels of the object it shows (for label columns). */
export interface LabelledRow {
  readonly cells: readonly string[];
  readonly labels?: Readonly<Record<string, string>> | undefined;
}

/** Renders the table, one line per row with a trailing newline; "" when there are no rows. */
export function renderTable(table: Table): string {
  if (table.rows.length === 0) return "";
  const lines = [table.headers.map((h) => h.toUpperCase()), ...table.rows.map((r) => r.map(cell))];
  return alignTabs(lines.map((line) => line.join("\t") + "\n").join(""), {
    minWidth: 6,
    padding: 3,
  });
}

/**
 * Adds kubectl's label columns: `-L a/b` adds a `B` column holding each object's `a/b` label
 * (empty when unset); `--show-labels` adds `LABELS` with all labels as `k=v,...` (`<none>`).
 */
export function withLabelColumns(
  headers: readonly string[],
  rows: readonly LabelledRow[],
  options: LabelColumns,
): Table {
  const keys = options.columnLabels ?? [];
  const extraHeaders = keys.map((key) => key.split("/").pop() ?? key);
  if (options.showLabels === true) extraHeaders.push("LABELS");
  return {
    headers: [...headers, ...extraHeaders],
    rows: rows.map((row) => {
      const labels = row.labels ?? {};
      const extra = keys.map((key) => labels[key] ?? "");
      if (options.showLabels === true) extra.push(formatLabels(labels));
      return [...row.cells, ...extra];
    }),
  };
}

/** Labels as Kubernetes' `labels.FormatLabels` prints them: sorted `k=v,k2=v2`, or `<none>`. */
export function formatLabels(labels: Readonly<Record<string, string>> | undefined): string {
  const entries = Object.entries(labels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.length === 0) return "<none>";
  return entries.map(([k, v]) => `${k}=${v}`).join(",");
}

function cell(text: string): string {
  const newline = text.indexOf("\n");
  const firstLine = newline < 0 ? text : `${text.slice(0, newline)}...`;
  return firstLine.replaceAll("\t", " ");
}
