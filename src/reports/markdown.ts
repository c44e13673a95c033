/** Markdown report for tickets. Log text goes into code spans/blocks so it cannot format the page. */
import type { Report } from "../diagnostics/report.js";
import { ui } from "../diagnostics/report.js";
import { FACT_KEYS, STAGE_ORDER, fmtDuration, safeTerminal, statusLabel } from "./common.js";

/**
 * Inline text: one line, no terminal controls, every character Markdown (and the HTML it allows) could
 * act on escaped, so log text cannot start a heading, a list, a link, an HTML tag or an entity.
 */
function esc(s: string, multiLine = false): string {
  return safeTerminal(s, !multiLine)
    .split("\n")
    .map((line) =>
      line
        .replace(/[\\`*_{}[\]<>|#~]/g, (c) => "\\" + c)
        .replace(/^(\s*)([-+=>])/, "$1\\$2")
        .replace(/^(\s*\d+)([.)])/, "$1\\$2"),
    )
    .join("\n");
}

/** Code span content: one line, no controls, no backtick to close it early. */
function code(s: string): string {
  return safeTerminal(s, true).replace(/`/g, "'");
}

/** A fenced block longer than any backtick run inside, so no line of log text can close it. */
function fence(lines: string[]): string {
  const body = lines.map((l) => safeTerminal(l, true)).join("\n");
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
    out.push(esc(f.explanation, true), "");
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
      out.push(`- ${ui(`fact.${k}`, lang)}: \`${code(val)}\``);
    }
    out.push("");
  }
  for (const n of r.notes) out.push(`> ${esc(n)}`);
  return out.join("\n").replace(/\n+$/, "") + "\n";
}
