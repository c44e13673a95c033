/**
 * The page: drop or paste logs, see the diagnosis next to the log. The analysis runs in a Web Worker
 * with the CLI's own engine; the report is drawn by the same HTML renderer as `--format html`.
 * Nothing leaves the browser.
 */
import { explain, renderHtml, renderJson, renderMarkdown, renderReportSections, translateReport, type Report } from "../index.js";
import { ui } from "../diagnostics/report.js";
import type { FromWorker, Lang, ToWorker } from "./protocol.js";
import { LogViewer, type LevelFilter } from "./viewer.js";

interface Result {
  name: string;
  report: Report;
  lines: string[];
}

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

let lang: Lang = /^zh/i.test(navigator.language || "") ? "zh" : "en";
const results: Result[] = [];
let current = -1;
let job = 0;
const worker = new Worker(new URL("./worker.js", document.baseURI).href);
const tipCache = new Map<string, string>();

const viewer = new LogViewer(
  $("viewer"),
  (code) => {
    const key = `${lang}:${code}`;
    if (!tipCache.has(key)) {
      const i = explain(code, lang).interpretations.find((x) => x.kind === "code");
      tipCache.set(key, i && i.kind === "code" ? `${i.code} ${i.name}: ${i.meaning}` : "");
    }
    return tipCache.get(key) || undefined;
  },
  () => t("web.noLines"),
);

function t(key: string, data: Record<string, string | number> = {}): string {
  return ui(key, lang, data);
}

function applyChrome(): void {
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  document.title = t("web.title");
  $("tagline").textContent = t("web.tagline");
  $("open-label").textContent = t("web.open");
  $("paste-toggle").textContent = t("web.paste");
  $("paste-go").textContent = t("web.analyzePasted");
  $<HTMLTextAreaElement>("paste-text").placeholder = t("web.pastePlaceholder");
  $("drop-hint").textContent = t("web.drop");
  $("copy-md").textContent = t("web.copyMd");
  $("dl-json").textContent = t("web.downloadJson");
  $("dl-html").textContent = t("web.downloadHtml");
  $("log-title").textContent = t("web.log");
  $("lang-label").textContent = t("web.language");
  $<HTMLInputElement>("text-filter").placeholder = t("web.filterText");
  const lv = $<HTMLSelectElement>("level-filter").options;
  lv[0]!.text = t("web.level.all");
  lv[1]!.text = t("web.level.warn");
  lv[2]!.text = t("web.level.error");
  $<HTMLSelectElement>("lang-select").value = lang;
}

function currentReport(): Report | undefined {
  const r = results[current];
  return r ? translateReport(r.report, lang) : undefined;
}

function renderFiles(): void {
  const nav = $("files");
  nav.replaceChildren(
    ...results.map((r, i) => {
      const b = document.createElement("button");
      b.type = "button";
      b.setAttribute("aria-current", String(i === current));
      const dot = document.createElement("span");
      dot.className = `dot ${r.report.verdict.status}`;
      b.append(dot, `${r.name} · ${r.report.verdict.primaryCause}`);
      b.addEventListener("click", () => select(i));
      return b;
    }),
  );
}

function renderReport(): void {
  const r = currentReport();
  if (!r) return;
  $("report").innerHTML = renderReportSections(r, { interactive: true });
  $("export-msg").textContent = "";
  $("md-fallback").hidden = true;
}

function select(i: number): void {
  current = i;
  $("main").hidden = false;
  $("drop-hint").hidden = true;
  renderFiles();
  renderReport();
  viewer.setLines(results[i]!.lines);
  $<HTMLSelectElement>("level-filter").value = "all";
  $<HTMLInputElement>("text-filter").value = "";
}

function reveal(line: number): void {
  if (!viewer.reveal(line)) {
    // the filter hides it: clear the filter and try again
    $<HTMLSelectElement>("level-filter").value = "all";
    $<HTMLInputElement>("text-filter").value = "";
    viewer.applyFilter("all", "");
    viewer.reveal(line);
  }
}

function analyze(inputs: ToWorker["inputs"]): void {
  if (inputs.length === 0) return;
  job++;
  $("progress-box").hidden = false;
  $("progress-text").textContent = t("web.reading", { name: inputs[0]!.kind === "file" ? inputs[0]!.file.name : inputs[0]!.name });
  $<HTMLProgressElement>("progress").value = 0;
  worker.postMessage({ type: "analyze", job, lang, inputs } satisfies ToWorker);
}

worker.onmessage = (e: MessageEvent<FromWorker>) => {
  const m = e.data;
  if (m.job !== job) return;
  if (m.type === "progress") {
    $("progress-text").textContent = t("web.reading", { name: m.name }) + (m.count > 1 ? ` (${m.index + 1}/${m.count})` : "");
    $<HTMLProgressElement>("progress").value = m.total > 0 ? (m.index + m.done / m.total) / m.count : 0;
  } else if (m.type === "result") {
    results.push({ name: m.name, report: m.report, lines: m.lines });
    select(results.length - 1);
  } else if (m.type === "error") {
    $("export-msg").textContent = t("web.error", { name: m.name, message: m.message });
  } else if (m.type === "finished") {
    $("progress-box").hidden = true;
  }
};

function download(name: string, type: string, body: string): void {
  const url = URL.createObjectURL(new Blob([body], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function baseName(): string {
  return (results[current]?.name ?? "log").replace(/\.(gz|log|txt)$/gi, "") + ".linkkit-doctor";
}

// ---- wiring
$<HTMLInputElement>("file-input").addEventListener("change", (e) => {
  const files = [...((e.target as HTMLInputElement).files ?? [])];
  analyze(files.map((file) => ({ kind: "file" as const, file })));
  (e.target as HTMLInputElement).value = "";
});
$("paste-toggle").addEventListener("click", () => {
  $("paste-box").hidden = !$("paste-box").hidden;
  if (!$("paste-box").hidden) $("paste-text").focus();
});
$("paste-go").addEventListener("click", () => {
  const text = $<HTMLTextAreaElement>("paste-text").value;
  if (text.trim()) analyze([{ kind: "text", name: lang === "zh" ? "粘贴的日志" : "pasted log", text }]);
});
$<HTMLSelectElement>("lang-select").addEventListener("change", (e) => {
  lang = (e.target as HTMLSelectElement).value === "zh" ? "zh" : "en";
  applyChrome();
  renderReport();
});
const refilter = () => viewer.applyFilter($<HTMLSelectElement>("level-filter").value as LevelFilter, $<HTMLInputElement>("text-filter").value);
$("level-filter").addEventListener("change", refilter);
$("text-filter").addEventListener("input", refilter);
$("report").addEventListener("click", (e) => {
  const el = (e.target as Element).closest("[data-line]");
  if (el) reveal(Number(el.getAttribute("data-line")));
});
$("report").addEventListener("keydown", (e) => {
  const el = (e.target as Element).closest("[data-line]");
  if (el && (e.key === "Enter" || e.key === " ")) {
    e.preventDefault();
    reveal(Number(el.getAttribute("data-line")));
  }
});
$("copy-md").addEventListener("click", async () => {
  const r = currentReport();
  if (!r) return;
  const md = renderMarkdown(r);
  try {
    await navigator.clipboard.writeText(md);
    $("export-msg").textContent = t("web.copied");
  } catch {
    const ta = $<HTMLTextAreaElement>("md-fallback");
    ta.hidden = false;
    ta.value = md;
    ta.select();
    $("export-msg").textContent = t("web.copyFallback");
  }
});
$("dl-json").addEventListener("click", () => {
  const r = currentReport();
  if (r) download(baseName() + ".json", "application/json", renderJson(r));
});
$("dl-html").addEventListener("click", () => {
  const r = currentReport();
  if (r) download(baseName() + ".html", "text/html", renderHtml(r));
});
// drag and drop anywhere on the page
let dragDepth = 0;
document.addEventListener("dragenter", (e) => {
  e.preventDefault();
  dragDepth++;
  $("drop-overlay").hidden = false;
});
document.addEventListener("dragleave", () => {
  dragDepth = Math.max(0, dragDepth - 1);
  if (dragDepth === 0) $("drop-overlay").hidden = true;
});
document.addEventListener("dragover", (e) => e.preventDefault());
document.addEventListener("drop", (e) => {
  e.preventDefault();
  dragDepth = 0;
  $("drop-overlay").hidden = true;
  const files = [...(e.dataTransfer?.files ?? [])];
  if (files.length) analyze(files.map((file) => ({ kind: "file" as const, file })));
  else {
    const text = e.dataTransfer?.getData("text/plain");
    if (text) analyze([{ kind: "text", name: lang === "zh" ? "拖入的文本" : "dropped text", text }]);
  }
});
document.addEventListener("paste", (e) => {
  const target = e.target as HTMLElement;
  if (target.closest("textarea, input")) return;
  const text = e.clipboardData?.getData("text/plain");
  if (text && text.includes("\n")) analyze([{ kind: "text", name: lang === "zh" ? "粘贴的日志" : "pasted log", text }]);
});

applyChrome();
// test hook: lets end-to-end tests read the state without scraping
(window as unknown as { __lkd: unknown }).__lkd = { results, highlighted: () => viewer.highlightedLine() };
