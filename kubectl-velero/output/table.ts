// Tables as kubectl's printer draws them (Go tabwriter: min width 6, padding 3, spaces):
// upper-case headers, columns aligned, nothing at all when there are no rows.

/** A table: headers and rows of cell strings. */
export interface Table {
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

const minWidth = 6;
const padding = 3;

/** Renders the table, one line per row with a trailing newline; "" when there are no rows. */
export function renderTable(table: Table): string {
  if (table.rows.length === 0) return "";
  const lines = [table.headers.map((h) => h.toUpperCase()), ...table.rows.map((r) => r.map(cell))];
  const columns = table.headers.length;
  const widths: number[] = [];
  for (let col = 0; col < columns - 1; col++) {
    const widest = Math.max(...lines.map((line) => (line[col] ?? "").length));
    widths.push(Math.max(minWidth, widest + padding));
  }
  return lines
    .map((line) =>
      line
        .map((text, col) => (col < columns - 1 ? text.padEnd(widths[col] ?? 0) : text))
        .join("")
        .trimEnd(),
    )
    .map((line) => line + "\n")
    .join("");
}

function cell(text: string): string {
  const newline = text.indexOf("\n");
  return newline < 0 ? text : `${text.slice(0, newline)}...`;
}
