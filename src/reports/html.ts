/**
 * HTML view of a Report. `renderReportSections` is what the web page shows; `renderHtml` wraps the same
 * sections into one self-contained file (inline CSS, no scripts, no external requests): the CLI's
 * --format html and the page's "download HTML" are this one code path. All log text is escaped.
 */
import type { Report } from "../diagnostics/report.js";
import { ui } from "../diagnostics/report.js";
import { FACT_KEYS, STAGE_ORDER, fmtDuration, statusLabel } from "./common.js";
import { escapeHtml as e } from "./escape.js";
import { REPORT_CSS } from "./style.js";
import { renderTimelineSvg } from "./timeline.js";

export interface HtmlOptions {
  /** evidence lines and timeline bars carry data-line attributes (the page makes them clickable) */
  interactive?: boolean;
  /** show informational findings */
  verbose?: boolean;
}

export function renderReportSections(r: Report, opts: HtmlOptions = {}): string {
  const lang = r.lang;
  const v = r.verdict;
  const out: string[] = [];
  out.push(
    `<section class="verdict ${v.status}" data-status="${v.status}"><div><span class="status">${e(ui(`verdict.${v.status}`, lang))}</span>${v.failedStage ? ` · ${e(ui(`stage.${v.failedStage}`, lang))}` : ""}</div>` +
      `<h1 class="verdict-title">${e(v.title)}</h1><div>${e(ui("verdict.cause", lang))}: <code class="primary-cause">${e(v.primaryCause)}</code></div></section>`,
  );
  out.push(`<h2>${e(ui("heading.stages", lang))}</h2><table class="stages"><thead><tr><th>${e(ui("heading.stage", lang))}</th><th>${e(ui("heading.status", lang))}</th><th>${e(ui("heading.duration", lang))}</th><th>${e(ui("heading.lines", lang))}</th></tr></thead><tbody>`);
  for (const s of STAGE_ORDER) {
    const st = r.stages[s];
    const cls = st.inProgress ? "progress" : st.status;
    const lines = st.start ? `${st.start.line}${st.end ? `–${st.end.line}` : ""}` : "";
    const lineAttr = opts.interactive && st.start ? ` data-line="${st.start.line}" tabindex="0"` : "";
    out.push(`<tr data-stage="${s}" data-status="${st.status}"><td>${e(ui(`stage.${s}`, lang))}</td><td class="st-${cls}">${e(statusLabel(r, s, lang))}</td><td>${e(fmtDuration(st.durationMs))}</td><td${lineAttr}>${e(lines)}</td></tr>`);
  }
  out.push(`</tbody></table>`);
  const svg = renderTimelineSvg(r, { interactive: opts.interactive === true });
  if (svg) out.push(`<h2>${lang === "zh" ? "时间线" : "Timeline"}</h2>${svg}`);
  const findings = r.findings.filter((f) => opts.verbose || f.severity !== "info" || f.id === v.primaryCause || f.id === "general.codes");
  if (findings.length) out.push(`<h2>${e(ui("heading.findings", lang))}</h2>`);
  for (const f of findings) {
    out.push(`<article class="finding ${f.severity}" data-id="${e(f.id)}"><h3><span class="sev ${f.severity}">${e(f.severity)}</span>${e(f.title)} <span class="fid">${e(f.id)}</span></h3>`);
    if (f.explanation) out.push(`<p>${e(f.explanation)}</p>`);
    if (f.codes.length) out.push(`<div><strong>${e(ui("heading.codes", lang))}</strong><ul class="codes">${f.codes.map((c) => `<li><code>${e(c.code)}</code> ${e(c.name)}: ${e(c.meaning)}</li>`).join("")}</ul></div>`);
    if (f.actions.length) out.push(`<div><strong>${e(ui("heading.actions", lang))}</strong><ol class="actions">${f.actions.map((a) => `<li>${e(a)}</li>`).join("")}</ol></div>`);
    if (f.evidence.length) {
      out.push(
        `<div><strong>${e(ui("heading.evidence", lang))}</strong><ul class="evidence">${f.evidence
          .map((ev) => `<li${opts.interactive ? ` data-line="${ev.line}" tabindex="0" role="button"` : ""}><span class="ln">${ev.line}</span>${e(ev.text)}</li>`)
          .join("")}</ul></div>`,
      );
    }
    out.push(`</article>`);
  }
  const facts = FACT_KEYS.filter((k) => r.facts[k] !== undefined);
  if (facts.length) {
    out.push(`<h2>${e(ui("heading.facts", lang))}</h2><dl class="facts">`);
    for (const k of facts) {
      const val = k === "hostSource" ? ui(`hostSource.${r.facts[k]}`, lang) : String(r.facts[k]);
      out.push(`<dt>${e(ui(`fact.${k}`, lang))}</dt><dd class="mono" data-fact="${k}">${e(val)}</dd>`);
    }
    out.push(`</dl>`);
  }
  if (r.notes.length) out.push(`<div class="notes">${r.notes.map((n) => `<p>${e(n)}</p>`).join("")}</div>`);
  return out.join("\n");
}

/** A complete, self-contained HTML document (no scripts, no external resources). */
export function renderHtml(r: Report, opts: HtmlOptions = {}): string {
  const title = `linkkit-doctor: ${r.input.name}`;
  return `<!doctype html>
<html lang="${r.lang === "zh" ? "zh-CN" : "en"}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title><style>${REPORT_CSS}
body{margin:0;padding:24px;max-width:1100px}</style></head>
<body class="lkd"><p class="fid">linkkit-doctor ${e(r.tool.version)} · ${e(r.input.name)} · ${e(ui("input.lines", r.lang, { lines: r.input.lines }))}</p>
${renderReportSections(r, { ...opts, interactive: false })}
</body></html>
`;
}
