// Velero's describe writer: text written with tabs between label and value, aligned at the end
// like Go's tabwriter (min width 0, padding 2), so sections line up exactly as Velero's do.
import type { ObjectMeta } from "../../lib/api/index.js";
import { alignTabs } from "./tab-writer.js";

/** Collects describe output; {@link Describer.render} aligns it. */
export class Describer {
  /** Written before every `printf`, as Velero's `Describer.Prefix` (schedules indent a template). */
  prefix = "";
  private text = "";

  /** Writes `text` after the prefix (tabs separate cells, `\n` ends lines). */
  printf(text: string): void {
    this.text += this.prefix + text;
  }

  /** Writes `parts` joined by spaces and a newline (Go's Println), after the prefix. */
  println(...parts: string[]): void {
    this.printf(parts.join(" ") + "\n");
  }

  /** Name, Namespace, Labels and Annotations, as every Velero describe starts. */
  describeMetadata(metadata: ObjectMeta): void {
    this.printf(`Name:\t${metadata.name ?? ""}\n`);
    this.printf(`Namespace:\t${metadata.namespace ?? ""}\n`);
    this.describeMap("Labels", metadata.labels);
    this.describeMap("Annotations", metadata.annotations);
  }

  /** `Name:\tk=v` with one sorted entry per line, or `<none>`. */
  describeMap(name: string, map: Readonly<Record<string, string>> | undefined): void {
    this.printf(`${name}:\t`);
    const keys = Object.keys(map ?? {}).sort();
    if (keys.length === 0) {
      this.printf("<none>\n");
      return;
    }
    keys.forEach((key, index) => {
      this.printf(`${index === 0 ? "" : "\t"}${key}=${map?.[key] ?? ""}\n`);
    });
  }

  /** `Name:\titem` with one item per line, indented by `indent` tabs, or `<none>`. */
  describeSlice(indent: number, name: string, items: readonly string[] | undefined): void {
    const tabs = "\t".repeat(indent);
    this.printf(`${tabs}${name}:\t`);
    if (items === undefined || items.length === 0) {
      this.printf(`${tabs}<none>\n`);
      return;
    }
    items.forEach((item, index) => {
      this.printf(`${index === 0 ? "" : `${tabs}\t`}${item}\n`);
    });
  }

  /** The aligned text. */
  render(): string {
    return alignTabs(this.text, { minWidth: 0, padding: 2 });
  }
}

/** Runs `fill` on a fresh describer and returns the aligned text. */
export function describe(fill: (d: Describer) => void): string {
  const d = new Describer();
  fill(d);
  return d.render();
}
