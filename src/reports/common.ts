import type { Report } from "../diagnostics/report.js";
import { ui } from "../diagnostics/report.js";
import type { Lang } from "../diagnostics/finding.js";

export const STAGE_ORDER = ["wifi", "cloud", "token", "bind"] as const;

export function fmtDuration(ms: number | undefined): string {
  if (ms === undefined) return "";
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60000)} min ${Math.round((ms % 60000) / 1000)} s`;
}

export function statusLabel(r: Report, stage: (typeof STAGE_ORDER)[number], lang: Lang): string {
  const s = r.stages[stage];
  if (s.inProgress) return ui("status.in_progress", lang);
  return ui(`status.${s.status}`, lang);
}

/** Removes anything a terminal could interpret (C0/C1 controls, escape sequences). */
export function safeTerminal(s: string): string {
  return s.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, "?");
}

export const FACT_KEYS = [
  "productKey",
  "deviceName",
  "host",
  "port",
  "hostSource",
  "environment",
  "sdkVersion",
  "linkkitVersion",
  "secureMode",
  "region",
  "mac",
  "minFreeHeap",
  "sntp",
  "clientId",
] as const;
