/**
 * Timeline of a report drawn to scale as SVG: stages, connect attempts (a 6 s CONNACK wait is a 6 s bar)
 * and boots. Uses the log's time axis when it has one, else line numbers. Pure string output: the CLI's
 * HTML report and the web page draw the same picture.
 */
import type { Report } from "../diagnostics/report.js";
import { ui } from "../diagnostics/report.js";
import { escapeHtml } from "./escape.js";

export interface TimelineOptions {
  width?: number;
  /** make attempt bars clickable (data-line attributes) */
  interactive?: boolean;
}

const STAGES = ["wifi", "cloud", "token", "bind"] as const;

export function renderTimelineSvg(r: Report, opts: TimelineOptions = {}): string {
  const width = opts.width ?? 900;
  const useTime = r.timeAxis !== "none" && r.attempts.list.some((a) => a.t !== undefined);
  const pos = (p: { line: number; t?: number } | undefined, fallbackLine?: number): number | undefined => {
    if (!p && fallbackLine === undefined) return undefined;
    if (useTime) return p?.t;
    return p?.line ?? fallbackLine;
  };
  const points: number[] = [];
  for (const s of STAGES) {
    const st = r.stages[s];
    for (const p of [st.start, st.end]) {
      const v = pos(p);
      if (v !== undefined) points.push(v);
    }
  }
  for (const a of r.attempts.list) {
    const v0 = useTime ? a.t : a.line;
    const v1 = useTime ? (a.tEnd ?? a.t) : a.endLine;
    if (v0 !== undefined) points.push(v0);
    if (v1 !== undefined) points.push(v1);
  }
  if (points.length === 0) return "";
  let min = Math.min(...points);
  let max = Math.max(...points);
  if (max === min) max = min + 1;
  const pad = (max - min) * 0.02;
  min -= pad;
  max += pad;
  const left = 90;
  const plot = width - left - 10;
  const x = (v: number) => left + ((v - min) / (max - min)) * plot;
  const rowH = 22;
  const rows: string[] = [];
  const lang = r.lang;
  let y = 8;
  const label = (text: string) => `<text x="4" y="${y + 14}" class="tl-label">${escapeHtml(text)}</text>`;
  for (const s of STAGES) {
    const st = r.stages[s];
    rows.push(label(ui(`stage.${s}`, lang)));
    const a = pos(st.start);
    const b = pos(st.end) ?? (st.inProgress ? max - pad : a);
    if (a !== undefined && b !== undefined) {
      const w = Math.max(3, x(b) - x(a));
      rows.push(
        `<rect x="${x(a).toFixed(1)}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 8}" rx="3" class="tl-stage tl-${st.inProgress ? "progress" : st.status}"${opts.interactive && st.start ? ` data-line="${st.start.line}"` : ""}><title>${escapeHtml(`${ui(`stage.${s}`, lang)}: ${ui(st.inProgress ? "status.in_progress" : `status.${st.status}`, lang)}`)}</title></rect>`,
      );
    }
    y += rowH;
  }
  rows.push(label(lang === "zh" ? "连接尝试" : "attempts"));
  for (const a of r.attempts.list) {
    const v0 = useTime ? a.t : a.line;
    const v1 = useTime ? (a.tEnd ?? a.t) : a.endLine;
    if (v0 === undefined || v1 === undefined) continue;
    const w = Math.max(3, x(v1) - x(v0));
    const dur = useTime && a.tEnd !== undefined && a.t !== undefined ? ` ${((a.tEnd - a.t) / 1000).toFixed(1)} s` : "";
    const tip = `#${a.index} ${a.outcome}${a.cause ? ` (${a.cause})` : ""}${dur} — ${lang === "zh" ? "行" : "line"} ${a.line}`;
    rows.push(`<rect x="${x(v0).toFixed(1)}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 8}" rx="2" class="tl-attempt tl-${a.outcome}"${opts.interactive ? ` data-line="${a.line}" tabindex="0"` : ""}><title>${escapeHtml(tip)}</title></rect>`);
  }
  y += rowH;
  // boot boundaries: where the boot number of consecutive attempts changes
  let prevBoot: number | undefined;
  for (const a of r.attempts.list) {
    const v0 = useTime ? a.t : a.line;
    if (prevBoot !== undefined && a.boot !== prevBoot && v0 !== undefined) {
      rows.push(`<line x1="${x(v0).toFixed(1)}" x2="${x(v0).toFixed(1)}" y1="4" y2="${y}" class="tl-boot"><title>boot ${a.boot}</title></line>`);
    }
    prevBoot = a.boot;
  }
  const axis = useTime ? (lang === "zh" ? "时间（秒）" : "time (s)") : lang === "zh" ? "行号" : "line";
  const fmt = (v: number) => (useTime ? ((v - min - pad) / 1000).toFixed(v - min > 10_000 ? 0 : 1) : String(Math.round(v)));
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const v = min + pad + f * (max - min - 2 * pad);
    return `<text x="${x(v).toFixed(1)}" y="${y + 14}" class="tl-tick" text-anchor="middle">${fmt(v)}</text>`;
  });
  const h = y + 22;
  return `<svg class="timeline" viewBox="0 0 ${width} ${h}" width="100%" role="img" aria-label="${escapeHtml(axis)}" xmlns="http://www.w3.org/2000/svg">${rows.join("")}${ticks.join("")}<text x="4" y="${y + 14}" class="tl-label">${escapeHtml(axis)}</text></svg>`;
}
