/** Markdown report for tickets. Log text goes into code spans/blocks so it cannot format the page. */
import type { Report } from "../diagnostics/report.js";
import { ui } from "../diagnostics/report.js";
import { FACT_KEYS, STAGE_ORDER, fmtDuration, statusLabel } from "./common.js";

function esc(s: string): string {
  return s.replace(/[\\`*_{}[\]<>|#]/g, (c) => "\\" + c);
}

function fence(lines: string[]): string {
  const body = lines.join("\n");
  let ticks = "```";
  while (body.includes(ticks)) ticks += "`";
  return `${ticks}text\n${body}\n${ticks}`;
}

export function renderMarkdown(r: Report): string {
  const lang = r.lang;
  const v = r.verdict;
  const out: string[] = [];
  out.push(`## linkkit-doctor: ${esc(r.input.name)}`);
  out.push("");
  const icon = v.status === "ok" ? "✅" : v.status === "fail" ? "❌" : "⏳";
  out.push(`**${icon} ${ui(`verdict.${v.status}`, lang)}${v.failedStage ? ` (${ui(`stage.${v.failedStage}`, lang)})` : ""}: ${esc(v.title)}**  `);
  out.push(`${ui("verdict.cause", lang)}: \`${v.primaryCause}\``);
  out.push("");
  out.push(`| ${ui("heading.stage", lang)} | ${ui("heading.status", lang)} | ${ui("heading.duration", lang)} | ${ui("heading.lines", lang)} |`);
  out.push("|---|---|---|---|");
  for (const s of STAGE_ORDER) {
    const st = r.stages[s];
    out.push(`| ${ui(`stage.${s}`, lang)} | ${statusLabel(r, s, lang)} | ${fmtDuration(st.durationMs)} | ${st.start ? `${st.start.line}${st.end ? `–${st.end.line}` : ""}` : ""} |`);
  }
  out.push("");
  const findings = r.findings.filter((f) => f.severity !== "info" || f.id === v.primaryCause);
  if (findings.length > 0) out.push(`### ${ui("heading.findings", lang)}`, "");
  for (const f of findings) {
    out.push(`#### ${f.severity}: \`${f.id}\` ${esc(f.title)}`, "");
    out.push(esc(f.explanation), "");
    if (f.codes.length > 0) {
      out.push(`**${ui("heading.codes", lang)}**`, "");
      for (const c of f.codes) out.push(`- \`${c.code}\` ${c.name}: ${esc(c.meaning)}`);
      out.push("");
    }
    if (f.actions.length > 0) {
      out.push(`**${ui("heading.actions", lang)}**`, "");
      f.actions.forEach((a, i) => out.push(`${i + 1}. ${esc(a)}`));
      out.push("");
    }
    if (f.evidence.length > 0) {
      out.push(`**${ui("heading.evidence", lang)}**`, "");
      out.push(fence(f.evidence.map((e) => `${String(e.line).padStart(6)} | ${e.text}`)), "");
    }
  }
  const facts = FACT_KEYS.filter((k) => r.facts[k] !== undefined);
  if (facts.length > 0) {
    out.push(`### ${ui("heading.facts", lang)}`, "");
    for (const k of facts) {
      const val = k === "hostSource" ? ui(`hostSource.${r.facts[k]}`, lang) : String(r.facts[k]);
      out.push(`- ${ui(`fact.${k}`, lang)}: \`${val.replace(/`/g, "'")}\``);
    }
    out.push("");
  }
  for (const n of r.notes) out.push(`> ${esc(n)}`);
  return out.join("\n").replace(/\n+$/, "") + "\n";
}
