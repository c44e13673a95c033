import type { Report } from "../diagnostics/report.js";

/** JSON output: the Report as is (schema: schemas/report.schema.json). */
export function renderJson(r: Report | { reports: Report[]; summary: unknown }): string {
  return JSON.stringify(r, null, 2) + "\n";
}
