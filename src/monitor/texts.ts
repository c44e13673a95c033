/** The monitor's own messages: knowledge/texts/{en,zh}.yaml, keys ui.monitor.*. */
import type { Lang } from "../index.js";
import { ui } from "../diagnostics/report.js";

export const MONITOR_TEXT_KEYS = ["banner", "serialSource", "followSource", "stdinSource", "open", "disconnected", "reconnected", "waiting", "missing", "appeared", "truncated", "rotated", "reboot", "crashReboot", "noiseSerial", "noise", "until_fail", "until_ok", "until_settled", "lines", "boot", "finalReport", "line", "listNone", "listFallback"] as const;

export type MonitorText = (typeof MONITOR_TEXT_KEYS)[number];

export function mt(key: MonitorText, lang: Lang, data: Record<string, string | number> = {}): string {
  return ui(`monitor.${key}`, lang, data);
}
