/** Public API of linkkit-doctor: everything front ends (CLI, web page, monitor) may use. */
export { Analyzer, diagnose, type AnalyzeOptions } from "./analyzer.js";
export type { Report, StageReport, AttemptReport, InputInfo } from "./diagnostics/report.js";
export { REPORT_SCHEMA_VERSION, TOOL_VERSION } from "./diagnostics/report.js";
export type { Finding, Evidence, FindingCode, Lang, Severity } from "./diagnostics/finding.js";
export { redactText, type RedactOptions } from "./diagnostics/redact.js";
export { renderTerminal } from "./reports/terminal.js";
export { renderMarkdown } from "./reports/markdown.js";
export { renderJson } from "./reports/json.js";
export { renderHtml, renderReportSections } from "./reports/html.js";
export { renderTimelineSvg } from "./reports/timeline.js";
export { escapeHtml } from "./reports/escape.js";
export { REPORT_CSS } from "./reports/style.js";
export { translateReport } from "./diagnostics/translate.js";
export type { Encoding } from "./input/lines.js";
export type { FlowEvent } from "./signatures/event.js";
export { explain, search, listCodes, type Explanation, type Interpretation } from "./knowledge/explain.js";
