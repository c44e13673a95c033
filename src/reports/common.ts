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

/**
 * Removes anything a terminal could interpret (C0/C1 controls: ESC and so CSI/OSC sequences, 8-bit CSI
 * 0x9B, BEL, CR, backspace) and the bidirectional overrides that reorder what is shown. Line feeds stay
 * (multi-line texts); `oneLine` turns them into "?" as well.
 */
export function safeTerminal(s: string, oneLine = false): string {
  const t = s.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, "?");
  return oneLine ? t.replace(/\n/g, "?") : t;
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
