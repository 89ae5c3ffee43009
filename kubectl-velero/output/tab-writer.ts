// Go's text/tabwriter (left-aligned, space padding, no flags): the alignment both kubectl's
// table printer and Velero's describe output rely on, reproduced so output matches byte for byte.

/** Settings of one tabwriter, as Go's `Writer.Init` takes them. */
export interface TabWriterSettings {
  /** Minimal width of a column cell, padding included. */
  readonly minWidth: number;
  /** Spaces added to the widest cell of a column. */
  readonly padding: number;
}

interface Cell {
  readonly text: string;
  readonly width: number;
}

/**
 * Aligns tab-separated text. Each line is cut at tabs into cells; every cell but the last of a
 * line is "tab-terminated" and takes part in alignment. A column block is a run of consecutive
 * lines that all have a tab-terminated cell in that column; its cells are padded to the widest
 * one plus `padding` (at least `minWidth`). A line with fewer cells ends the block, which is why
 * a blank line starts a new alignment section. Trailing padding is kept, as Go writes it.
 */
export function alignTabs(text: string, settings: TabWriterSettings): string {
  const endsWithNewline = text.endsWith("\n");
  const body = endsWithNewline ? text.slice(0, -1) : text;
  if (body === "" && !endsWithNewline) return "";
  const lines: Cell[][] = body
    .split("\n")
    .map((line) =>
      line.split("\t").map((cellText) => ({ text: cellText, width: Array.from(cellText).length })),
    );
  const out: string[] = [];
  formatBlock({ lines, settings, widths: [], out }, 0, lines.length);
  return out.join("\n") + (endsWithNewline ? "\n" : "");
}

interface FormatState {
  readonly lines: readonly Cell[][];
  readonly settings: TabWriterSettings;
  readonly widths: number[];
  readonly out: string[];
}

function formatBlock(state: FormatState, first: number, end: number): void {
  const column = state.widths.length;
  let start = first;
  let index = first;
  while (index < end) {
    if (column >= cellsOf(state, index).length - 1) {
      index += 1;
      continue;
    }
    writeLines(state, start, index);
    start = index;
    let width = state.settings.minWidth;
    for (; index < end; index++) {
      const line = cellsOf(state, index);
      if (column >= line.length - 1) break;
      width = Math.max(width, (line[column]?.width ?? 0) + state.settings.padding);
    }
    state.widths.push(width);
    formatBlock(state, start, index);
    state.widths.pop();
    start = index;
  }
  writeLines(state, start, end);
}

function cellsOf(state: FormatState, index: number): Cell[] {
  return state.lines[index] ?? [];
}

function writeLines(state: FormatState, first: number, end: number): void {
  for (let index = first; index < end; index++) {
    const line = cellsOf(state, index);
    let text = "";
    line.forEach((cell, column) => {
      text += cell.text;
      const width = state.widths[column];
      if (column < line.length - 1 && width !== undefined) {
        text += " ".repeat(Math.max(0, width - cell.width));
      }
    });
    state.out.push(text);
  }
}
