// The migration report as people read it (a table and lists) and as programs read it
// (`-o json|yaml`).
import { formatObjects } from "../output/format.js";
import { renderTable } from "../output/table.js";
import { formatBytes } from "../progress/progress-line.js";
import type { MigrationReport } from "./migration-report.js";

/** The report as text: header, per-type table, pod volumes, what did not arrive, messages. */
export function renderMigrationReport(report: MigrationReport): string {
  const lines = [
    `Migration report: ${report.from} -> ${report.to}`,
    `Backup:  ${report.backup}`,
    `Restore: ${report.restore} (${report.restorePhase})`,
    "",
  ];
  const checked = report.resources.some((r) => r.present > 0);
  const table = renderTable({
    headers: [
      "resource",
      "in backup",
      ...(checked ? ["on target"] : ["created", "updated", "skipped"]),
      "failed",
    ],
    rows: report.resources.map((r) => [
      r.resource,
      String(r.inBackup),
      ...(checked
        ? [String(r.present)]
        : [String(r.created), String(r.updated), String(r.skipped)]),
      String(r.failed),
    ]),
  });
  let text = lines.join("\n") + "\n" + (table === "" ? "No resources in the backup.\n" : table);
  if (report.podVolumes !== undefined) text += "\n" + podVolumeLine(report.podVolumes) + "\n";
  text += section("Notes", report.notes);
  text += section("Did not arrive", notArrivedLines(report, false));
  text += section("Not restored by design", notArrivedLines(report, true));
  text += section("Restore warnings", report.warnings);
  text += section("Restore errors", report.errors);
  return text + "\n" + verdict(report) + "\n";
}

function podVolumeLine(volumes: NonNullable<MigrationReport["podVolumes"]>): string {
  return (
    `Pod volumes: ${volumes.completed} of ${volumes.volumes} restored` +
    (volumes.failed > 0 ? `, ${volumes.failed} failed` : "") +
    `, ${formatBytes(volumes.bytesRestored)} restored`
  );
}

function notArrivedLines(report: MigrationReport, byDesign: boolean): string[] {
  return report.notArrived
    .filter((m) => m.byDesign === byDesign)
    .map((m) => `${m.resource} ${m.item}: ${m.reason}`);
}

function section(title: string, lines: readonly string[]): string {
  if (lines.length === 0) return "";
  return `\n${title}:\n${lines.map((l) => `  ${l}`).join("\n")}\n`;
}

function verdict(report: MigrationReport): string {
  if (report.arrived) return "Everything arrived.";
  const missing = report.notArrived.filter((m) => !m.byDesign).length;
  const parts = [`restore ${report.restorePhase}`];
  if (missing > 0) parts.push(`${missing} object${missing === 1 ? "" : "s"} did not arrive`);
  if (report.errors.length > 0) parts.push(`${report.errors.length} error(s)`);
  if ((report.podVolumes?.failed ?? 0) > 0) parts.push("pod volume restores failed");
  return `Not everything arrived: ${parts.join(", ")}.`;
}

/** The report for `-o json|yaml`. */
export function formatMigrationReport(report: MigrationReport, format: "json" | "yaml"): string {
  return formatObjects([report], format);
}
