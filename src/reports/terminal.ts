/** Terminal report: verdict first, then stages, findings with evidence, device facts. */
import type { Report } from "../diagnostics/report.js";
import { ui } from "../diagnostics/report.js";
import { FACT_KEYS, STAGE_ORDER, fmtDuration, safeTerminal, statusLabel } from "./common.js";

export interface TerminalOptions {
  color?: boolean;
  /** show info-level findings too */
  verbose?: boolean;
  width?: number;
}

const C = { reset: "\x1b[0m", bold: "\x1b[1m", dim: "\x1b[2m", red: "\x1b[31m", green: "\x1b[32m", yellow: "\x1b[33m", cyan: "\x1b[36m", blue: "\x1b[34m" };

/** Display width: CJK and full-width characters take two columns. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    w += (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) ? 2 : 1;
  }
  return w;
}

/** Wraps text to a display width (CJK by character, closing punctuation kept on its line). */
export function wrap(text: string, width: number, indent: string): string[] {
  const out: string[] = [];
  for (const para of text.split(/\n/)) {
    let line = "";
    // CJK text has no spaces: wrap by characters there
    const tokens = /[\u3000-\u9fff]/.test(para) ? para.match(/[\u3000-\u9fff\uff00-\uffef][，。；：、）」』！？,.;:!?)]*|[^\s\u3000-\u9fff\uff00-\uffef]+\s*|\s+/g) ?? [para] : para.split(/(?<=\s)/);
    for (const tok of tokens) {
      if (displayWidth(line + tok) > width && line.trim().length > 0) {
        out.push(indent + line.trimEnd());
        line = tok.trimStart();
      } else line += tok;
    }
    if (line.trim().length > 0) out.push(indent + line.trimEnd());
  }
  return out;
}

function padDisplay(s: string, n: number): string {
  return s + " ".repeat(Math.max(1, n - displayWidth(s)));
}

export function renderTerminal(r: Report, opts: TerminalOptions = {}): string {
  const lang = r.lang;
  const col = (c: keyof typeof C, s: string) => (opts.color ? C[c] + s + C.reset : s);
  const width = Math.max(40, Math.min(opts.width ?? 100, 140));
  const out: string[] = [];
  const dialects = Object.entries(r.input.dialects)
    .filter(([d]) => d !== "plain")
    .sort((a, b) => b[1] - a[1])
    .map(([d]) => d)
    .slice(0, 3)
    .join(", ");
  out.push(col("dim", `linkkit-doctor ${r.tool.version} · ${safeTerminal(r.input.name, true)} · ${ui("input.lines", lang, { lines: r.input.lines })}${dialects ? ` · ${dialects}` : ""}`));
  out.push("");
  const v = r.verdict;
  const badge =
    v.status === "ok" ? col("green", col("bold", `✔ ${ui("verdict.ok", lang)}`)) : v.status === "fail" ? col("red", col("bold", `✖ ${ui("verdict.fail", lang)}`)) : col("yellow", col("bold", `◐ ${ui("verdict.incomplete", lang)}`));
  const stagePart = v.failedStage ? ` ${ui(`stage.${v.failedStage}`, lang)} —` : "";
  out.push(`${badge}${stagePart} ${col("bold", safeTerminal(v.title, true))}`);
  out.push(`  ${ui("verdict.cause", lang)}: ${col("cyan", v.primaryCause)}`);
  out.push("");
  out.push(col("bold", ui("heading.stages", lang)));
  for (const s of STAGE_ORDER) {
    const st = r.stages[s];
    const icon = st.status === "ok" ? col("green", "✔") : st.status === "fail" ? col("red", "✖") : st.inProgress ? col("yellow", "◐") : st.status === "unknown" ? col("yellow", "?") : col("dim", "·");
    const dur = fmtDuration(st.durationMs);
    const where = st.start ? col("dim", ui("stage.lines", lang, { from: st.start.line, to: st.end?.line ?? "" })) : "";
    out.push(`  ${icon} ${padDisplay(ui(`stage.${s}`, lang), 12)} ${padDisplay(statusLabel(r, s, lang), 12)} ${dur.padEnd(10)} ${where}`.trimEnd());
  }
  out.push("");
  const shown = r.findings.filter((f) => opts.verbose || f.severity !== "info" || f.id === v.primaryCause);
  const hidden = r.findings.length - shown.length;
  if (shown.length > 0) out.push(col("bold", ui("heading.findings", lang)));
  for (const f of shown) {
    const sev = f.severity === "error" ? col("red", "error") : f.severity === "warning" ? col("yellow", "warning") : col("blue", "info");
    out.push(`${sev}[${col("cyan", f.id)}] ${col("bold", safeTerminal(f.title, true))}`);
    out.push(...wrap(safeTerminal(f.explanation), width - 4, "    "));
    if (f.codes.length > 0) {
      out.push(`  ${col("bold", ui("heading.codes", lang))}`);
      for (const c of f.codes) out.push(...wrap(`${c.code} ${c.name}: ${safeTerminal(c.meaning)}`, width - 6, "    "));
    }
    if (f.actions.length > 0) {
      out.push(`  ${col("bold", ui("heading.actions", lang))}`);
      f.actions.forEach((a, i) => out.push(...wrap(`${i + 1}. ${safeTerminal(a)}`, width - 6, "    ").map((l, j) => (j === 0 ? l : "   " + l))));
    }
    if (f.evidence.length > 0) {
      out.push(`  ${col("bold", ui("heading.evidence", lang))}`);
      const w = String(Math.max(...f.evidence.map((e) => e.line))).length;
      for (const e of f.evidence) {
        const text = safeTerminal(e.text, true);
        out.push(`    ${col("dim", String(e.line).padStart(w) + " │")} ${text.length > width ? text.slice(0, width - 1) + "…" : text}`);
      }
    }
    out.push("");
  }
  if (hidden > 0) out.push(col("dim", ui("findings.hidden", lang, { count: hidden })), "");
  const facts = FACT_KEYS.filter((k) => r.facts[k] !== undefined);
  if (facts.length > 0) {
    out.push(col("bold", ui("heading.facts", lang)));
    for (const k of facts) {
      let val = String(r.facts[k]);
      if (k === "hostSource") val = ui(`hostSource.${val}`, lang);
      out.push(`  ${padDisplay(ui(`fact.${k}`, lang), 16)} ${safeTerminal(val, true)}`);
    }
    out.push("");
  }
  for (const n of r.notes) out.push(col("yellow", `note: ${safeTerminal(n, true)}`));
  return out.join("\n").replace(/\n+$/, "") + "\n";
}
